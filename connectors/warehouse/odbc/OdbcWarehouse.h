#pragma once

#include "OdbcSession.h"
#include "connectors/warehouse/WarehouseConnector.h"

namespace Ebb {

// Any ODBC data source (a DSN or a driver string) as a sync's source, through Qt SQL's QODBC:
// the road to Snowflake, SQL Server, Redshift or Databricks, whose vendors ship ODBC drivers.
// Rows stream forward only. The engine needs keys sorted exactly as it journals them: integer
// keys sort by value everywhere; text keys (and text cursors) by their bytes only where Ebb
// knows the data source's SQL for it (PostgreSQL) — elsewhere it says so and stops, rather
// than merge in a collation's order and see changes that are not there.
class OdbcWarehouse : public WarehouseConnector
{
public:
    OdbcWarehouse(QString connectionId, QString connectionString, QString password, int connectTimeoutSeconds);
    ~OdbcWarehouse() override;

    Result<QString> test() override;
    Result<QList<Column>> describe(const QString& sql) override;
    Result<std::unique_ptr<RowStream>> open(const QString& sql) override;
    KeyCodec::Order keyOrder(ValueType keyType) const override;

protected:
    QString keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const override;
    QString atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const override;
    QString byBytes(const QString& quotedColumn) const override;
    QString tablesQuery() const override;
    std::optional<QString> orderProblem(const Column& column, bool asKey) const override;

private:
    Result<std::unique_ptr<OdbcSession>> connect() const;
    // The control session, opened on first use: the data source's dialect is learnt from it,
    // before any SQL is written for it (const: the SQL-writing functions ask too).
    Result<OdbcSession*> control() const;
    bool isPostgres() const;

    QString m_connectionString;
    QString m_password;
    int m_connectTimeout;
    mutable std::unique_ptr<OdbcSession> m_control; // test() and describe()
};

} // namespace Ebb
