#pragma once

#include "MysqlSession.h"
#include "connectors/warehouse/WarehouseConnector.h"

namespace Ebb {

// MySQL or MariaDB as a sync's source, through Qt SQL's QMYSQL driver: reads only, UTF-8,
// in UTC. Keys sort as the journal does: integers by value, text by its UTF-8 bytes
// (CAST(CONVERT(… USING utf8mb4) AS BINARY)); a key of another type is refused with the cast
// that makes it one. Rows stream (MysqlStream).
class MysqlWarehouse : public WarehouseConnector
{
public:
    MysqlWarehouse(QString connectionId, MysqlSettings settings);
    ~MysqlWarehouse() override;

    Result<QString> test() override;
    Result<QList<Column>> describe(const QString& sql) override;
    Result<std::unique_ptr<RowStream>> open(const QString& sql) override;
    KeyCodec::Order keyOrder(ValueType keyType) const override;

protected:
    QString keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const override;
    QString atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const override;
    QString byBytes(const QString& quotedColumn) const override;
    QString tablesQuery() const override;
    QString quoteIdentifier(const QString& name) const override;
    std::optional<QString> orderProblem(const Column& column, bool asKey) const override;

private:
    Result<std::unique_ptr<MysqlSession>> connect() const;

    MysqlSettings m_settings;
    std::unique_ptr<MysqlSession> m_control; // test() and describe()
};

} // namespace Ebb
