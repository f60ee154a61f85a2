#pragma once

#include "connectors/warehouse/WarehouseConnector.h"

namespace Ebb {

// A SQLite file as a warehouse, opened read-only. Column types come from the declared
// types (DATE, TIMESTAMP, DECIMAL, BOOLEAN, JSON…), so values keep their meaning even
// though SQLite stores them as text or numbers.
class SqliteWarehouse : public WarehouseConnector
{
public:
    SqliteWarehouse(QString connectionId, QString path);

    Result<QString> test() override;
    Result<QList<Column>> describe(const QString& sql) override;
    Result<std::unique_ptr<RowStream>> open(const QString& sql) override;

    // How a declared column type maps onto Ebb's types (SQLite's affinity rules, refined).
    static ValueType typeFromDeclared(const QString& declared);

    // SQLite keeps dates and timestamps as text and sorts them as text.
    KeyCodec::Order keyOrder(ValueType keyType) const override
    {
        return keyType == ValueType::Timestamp || keyType == ValueType::Date ? KeyCodec::Order::Text
                                                                             : KeyCodec::orderFor(keyType);
    }

protected:
    QString atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const override;
    QString tablesQuery() const override
    {
        return QStringLiteral("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE "
                              "'sqlite\\_%' ESCAPE '\\'");
    }

private:
    QString m_path;
};

} // namespace Ebb
