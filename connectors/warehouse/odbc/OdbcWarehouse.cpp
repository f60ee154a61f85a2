#include "OdbcWarehouse.h"

#include "OdbcStream.h"
#include "connectors/SqlText.h"
#include "connectors/warehouse/postgres/PostgresWarehouse.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace Ebb {

namespace {

// The data source's own words ("[unixODBC][psqlODBC]ERROR: …"), without Qt's "QODBC: Unable to …".
QString errorText(const QSqlError& error)
{
    const QString driver = error.databaseText().trimmed();
    return driver.isEmpty() ? error.text().trimmed() : driver;
}

} // namespace

OdbcWarehouse::OdbcWarehouse(
    QString connectionId, QString connectionString, QString password, int connectTimeoutSeconds)
    : WarehouseConnector(std::move(connectionId))
    , m_connectionString(std::move(connectionString))
    , m_password(std::move(password))
    , m_connectTimeout(connectTimeoutSeconds)
{
}

OdbcWarehouse::~OdbcWarehouse() = default;

Result<std::unique_ptr<OdbcSession>> OdbcWarehouse::connect() const
{
    auto session = OdbcSession::open(m_connectionString, m_password, m_connectTimeout);
    if (!session)
        return session.error().category == Error::Category::Config ? session.error()
                                                                   : connectionError(session.error().message);
    return session;
}

Result<OdbcSession*> OdbcWarehouse::control() const
{
    if (!m_control) {
        auto session = connect();
        if (!session)
            return session.error();
        m_control = std::move(*session);
    }
    return m_control.get();
}

// Unknown (the source cannot be reached): no PostgreSQL SQL is written, and what needs it is
// refused; the connection's own error comes from whatever runs next.
bool OdbcWarehouse::isPostgres() const
{
    auto session = control();
    return session && (*session)->isPostgres();
}

Result<QString> OdbcWarehouse::test()
{
    auto session = control();
    if (!session)
        return session.error();
    QSqlQuery probe((*session)->database());
    if (!probe.exec(QStringLiteral("SELECT 1")) && !probe.exec(QStringLiteral("SELECT 1 FROM DUAL")))
        return connectionError(errorText(probe.lastError()));
    const OdbcSession::Server& server = (*session)->server();
    return QStringLiteral("%1 %2 via ODBC (%3)").arg(server.dbms, server.version, server.driver);
}

Result<QList<Column>> OdbcWarehouse::describe(const QString& sql)
{
    auto session = control();
    if (!session)
        return session.error();
    const QString query = embeddable(sql);
    QSqlQuery q((*session)->database());
    q.setForwardOnly(true);
    // No rows, only the result's shape.
    if (!q.exec(QStringLiteral("SELECT * FROM (\n%1\n) AS ebb_describe WHERE 1 = 0").arg(query)))
        return queryError(errorText(q.lastError()), trimQuery(sql), 0);
    return OdbcStream::columnsOf(q.record());
}

Result<std::unique_ptr<RowStream>> OdbcWarehouse::open(const QString& sql)
{
    if (auto known = control(); !known) // the dialect, before any SQL is written for it
        return known.error();
    auto session = connect();
    if (!session)
        return session.error();
    QSqlQuery q((*session)->database());
    q.setForwardOnly(true); // row by row, never the whole result in memory
    q.setNumericalPrecisionPolicy(QSql::HighPrecision); // decimals as their exact text
    if (!q.exec(trimQuery(sql)))
        return queryError(errorText(q.lastError()), trimQuery(sql), 0);
    return std::unique_ptr<RowStream>(std::make_unique<OdbcStream>(std::move(*session), std::move(q), connectionId()));
}

KeyCodec::Order OdbcWarehouse::keyOrder(ValueType keyType) const
{
    return keyType == ValueType::Integer ? KeyCodec::Order::Integer : KeyCodec::Order::Text;
}

QString OdbcWarehouse::keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const
{
    if (order == KeyCodec::Order::Integer)
        return quotedColumn;
    return byBytes(quotedColumn); // only reached where orderProblem() found none: PostgreSQL
}

QString OdbcWarehouse::byBytes(const QString& quotedColumn) const
{
    return isPostgres() ? PostgresWarehouse::textByBytes(quotedColumn) : quotedColumn;
}

QString OdbcWarehouse::tablesQuery() const
{
    return isPostgres() ? PostgresWarehouse::tablesSql() : QString();
}

// ODBC's escapes for dates and times, which every driver translates for its own SQL.
QString OdbcWarehouse::atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const
{
    if (type == ValueType::Date)
        return QStringLiteral("(%1 >= {d '%2'} OR %1 IS NULL)").arg(quotedColumn, since.toDate().toString(Qt::ISODate));
    if (type == ValueType::Timestamp)
        return QStringLiteral("(%1 >= {ts '%2'} OR %1 IS NULL)")
            .arg(quotedColumn,
                since.toDateTime().toUTC().addMSecs(-1).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    return WarehouseConnector::atOrPast(quotedColumn, type, since);
}

std::optional<QString> OdbcWarehouse::orderProblem(const Column& column, bool asKey) const
{
    if (column.type == ValueType::Integer)
        return std::nullopt;
    const bool postgres = isPostgres();
    if (column.type == ValueType::Text && postgres)
        return std::nullopt;
    if (!asKey && column.type != ValueType::Text)
        return std::nullopt; // numbers, dates and times compare by value (ODBC's escapes)
    if (postgres)
        return QStringLiteral("\"%1\" is %2; through ODBC a key is an integer or text column: cast it in the query "
                              "(CAST(%1 AS TEXT) AS %1)")
            .arg(column.name, valueTypeName(column.type));
    auto session = control();
    const QString source = session ? (*session)->server().dbms : QStringLiteral("this ODBC source");
    return QStringLiteral("\"%1\" is %2, and Ebb sorts only integer %3s on %4 (it does not know how %4 sorts text "
                          "by its bytes, as the journal does): use an integer, e.g. CAST(%1 AS BIGINT) AS %1 if its "
                          "values are whole numbers, or a surrogate id")
        .arg(column.name, valueTypeName(column.type), asKey ? QStringLiteral("key") : QStringLiteral("cursor"), source);
}

} // namespace Ebb
