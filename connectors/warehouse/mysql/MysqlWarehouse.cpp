#include "MysqlWarehouse.h"

#include "MysqlStream.h"

#include <QDateTime>

namespace Ebb {

MysqlWarehouse::MysqlWarehouse(QString connectionId, MysqlSettings settings)
    : WarehouseConnector(std::move(connectionId))
    , m_settings(std::move(settings))
{
}

MysqlWarehouse::~MysqlWarehouse() = default;

Result<std::unique_ptr<MysqlSession>> MysqlWarehouse::connect() const
{
    auto session = MysqlSession::open(m_settings);
    if (!session)
        return session.error().category == Error::Category::Config ? session.error()
                                                                   : connectionError(session.error().message);
    return session;
}

Result<QString> MysqlWarehouse::test()
{
    if (!m_control) {
        auto session = connect();
        if (!session)
            return session.error();
        m_control = std::move(*session);
    }
    const QString version = m_control->version();
    return QStringLiteral("%1 %2 on %3:%4")
        .arg(version.contains(QLatin1String("MariaDB")) ? QStringLiteral("MariaDB") : QStringLiteral("MySQL"),
            version.section(QLatin1Char('-'), 0, 0), m_settings.host)
        .arg(m_settings.port);
}

Result<QList<Column>> MysqlWarehouse::describe(const QString& sql)
{
    if (!m_control) {
        auto session = connect();
        if (!session)
            return session.error();
        m_control = std::move(*session);
    }
    auto columns = MysqlStream::describe(*m_control, embeddable(sql));
    if (!columns)
        return queryError(columns.error().message, trimQuery(sql), 0);
    return columns;
}

Result<std::unique_ptr<RowStream>> MysqlWarehouse::open(const QString& sql)
{
    auto session = connect();
    if (!session)
        return session.error();
    auto cursor = std::make_unique<MysqlStream>(std::move(*session), connectionId());
    const QString text = trimQuery(sql);
    if (auto started = cursor->start(text); !started)
        return queryError(started.error().message, text, 0);
    return std::unique_ptr<RowStream>(std::move(cursor));
}

KeyCodec::Order MysqlWarehouse::keyOrder(ValueType keyType) const
{
    return keyType == ValueType::Integer ? KeyCodec::Order::Integer : KeyCodec::Order::Text;
}

QString MysqlWarehouse::keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const
{
    // NULLs come first in MySQL's ascending order.
    return order == KeyCodec::Order::Integer ? quotedColumn : byBytes(quotedColumn);
}

QString MysqlWarehouse::byBytes(const QString& quotedColumn) const
{
    return QStringLiteral("CAST(CONVERT(%1 USING utf8mb4) AS BINARY)").arg(quotedColumn);
}

QString MysqlWarehouse::quoteIdentifier(const QString& name) const
{
    QString quoted = name;
    quoted.replace(QLatin1Char('`'), QStringLiteral("``"));
    return QLatin1Char('`') + quoted + QLatin1Char('`');
}

QString MysqlWarehouse::tablesQuery() const
{
    return QStringLiteral(
        "SELECT CASE WHEN table_schema = DATABASE() THEN table_name ELSE CONCAT(table_schema, '.', table_name) END"
        " FROM information_schema.tables"
        " WHERE table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')");
}

QString MysqlWarehouse::atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const
{
    // Text as a hex literal: compared byte for byte, and no backslash (an escape in MySQL's
    // quoted strings) can change what it says.
    if (type == ValueType::Text)
        return QStringLiteral("(%1 >= X'%2' OR %3 IS NULL)")
            .arg(byBytes(quotedColumn), QString::fromLatin1(since.toString().toUtf8().toHex()), quotedColumn);
    // The session's clock is UTC; MySQL takes no zone in a literal.
    if (type == ValueType::Timestamp)
        return QStringLiteral("(%1 >= '%2' OR %1 IS NULL)")
            .arg(quotedColumn,
                since.toDateTime().toUTC().addMSecs(-1).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    return WarehouseConnector::atOrPast(quotedColumn, type, since);
}

std::optional<QString> MysqlWarehouse::orderProblem(const Column& column, bool asKey) const
{
    if (!asKey || column.type == ValueType::Integer || column.type == ValueType::Text)
        return std::nullopt;
    return QStringLiteral("\"%1\" is %2; a MySQL key is an integer or text column: cast it in the query "
                          "(CAST(%1 AS CHAR) AS %1)")
        .arg(column.name, valueTypeName(column.type));
}

} // namespace Ebb
