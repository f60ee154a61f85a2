#pragma once

#include "PgConnection.h"
#include "connectors/warehouse/WarehouseConnector.h"

#include <optional>
#include <vector>

namespace Ebb {

class PostgresWarehouse : public WarehouseConnector
{
public:
    PostgresWarehouse(QString connectionId, PgSettings settings);

    Result<QString> test() override;
    Result<QList<Column>> describe(const QString& sql) override;
    Result<std::unique_ptr<RowStream>> open(const QString& sql) override;
    // Proved in a transaction that the next open() continues (see the definition).
    QString uniqueKeyIndex(const QString& sql, const QString& keyColumn) override;
    // Change detection inside the warehouse (PgChangeState, PgChangeSql).
    bool keepsChangeState() const override { return true; }
    Result<std::unique_ptr<ChangeState>> changeState(const QString& sql, const QList<Column>& described,
        const QString& keyColumn, const QString& stateSchema, const QString& table) override;
    Result<std::unique_ptr<RowStream>> openChanges(const QString& sql, const QList<Column>& described,
        const QString& keyColumn, ChangeState& state, qint64 seed, bool everything, bool keyIsUnique) override;
    Result<std::unique_ptr<RowStream>> openRemovedKeys(
        const QString& sql, const QList<Column>& described, const QString& keyColumn, ChangeState& state) override;

protected:
    // Integer keys by value (from an index on the key if there is one); others by their text in
    // the "C" collation, which compares bytes as the journal does.
    QString keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const override;
    QString embeddable(const QString& sql) const override;
    // Tables and views one may read; those on the search path by their bare name.
    QString tablesQuery() const override { return tablesSql(); }
    QString byBytes(const QString& quotedColumn) const override { return textByBytes(quotedColumn); }

public:
    // PostgreSQL's SQL for these, also spoken to it through ODBC.
    static QString tablesSql()
    {
        return QStringLiteral(
            "SELECT CASE WHEN table_schema = ANY (current_schemas(false)) THEN quote_ident(table_name)"
            " ELSE quote_ident(table_schema) || '.' || quote_ident(table_name) END"
            " FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'");
    }
    // As text first: uuid and enum columns read as text but take no COLLATE themselves.
    static QString textByBytes(const QString& quotedColumn)
    {
        return QStringLiteral("(%1)::text COLLATE \"C\"").arg(quotedColumn);
    }

private:
    struct Description
    {
        QList<Column> columns;
        std::vector<unsigned> oids;
        // Where each column comes from, when it is a plain table column (PQftable, PQftablecol).
        std::vector<std::pair<unsigned, int>> origins;
    };

    Result<PgConnection*> control();
    // Session settings for the next read, which joins the query with a sync's state.
    void prepareStateJoin();
    Result<Description> describeOn(PgConnection& connection, const QString& sql);

    PgSettings m_settings;
    std::optional<PgConnection> m_control; // for test() and describe(); a stream takes it along
    bool m_proofTransaction = false; // m_control is in the transaction uniqueKeyIndex() began
    bool m_hashText = false; // a column of the query has no hash function: rows hash by their text
};

} // namespace Ebb
