#include "SqliteWarehouse.h"

#include "SqliteStream.h"
#include "connectors/SqlText.h"

#include <QDateTime>
#include <sqlite3.h>

namespace Ebb {

namespace {

struct Prepared
{
    SqliteHandle db;
    SqliteStatement stmt;
    QList<Column> columns;
};

} // namespace

SqliteWarehouse::SqliteWarehouse(QString connectionId, QString path)
    : WarehouseConnector(std::move(connectionId))
    , m_path(std::move(path))
{
}

ValueType SqliteWarehouse::typeFromDeclared(const QString& declared)
{
    const QString t = declared.toUpper();
    if (t.isEmpty())
        return ValueType::Text;
    if (t.contains(QLatin1String("BOOL")))
        return ValueType::Bool;
    if (t.contains(QLatin1String("TIMESTAMP")) || t.contains(QLatin1String("DATETIME")))
        return ValueType::Timestamp;
    if (t.startsWith(QLatin1String("DATE")))
        return ValueType::Date;
    if (t.contains(QLatin1String("INT")))
        return ValueType::Integer;
    if (t.contains(QLatin1String("JSON")))
        return ValueType::Json;
    if (t.contains(QLatin1String("CHAR")) || t.contains(QLatin1String("CLOB")) || t.contains(QLatin1String("TEXT")))
        return ValueType::Text;
    if (t.contains(QLatin1String("BLOB")))
        return ValueType::Bytes;
    if (t.contains(QLatin1String("REAL")) || t.contains(QLatin1String("FLOA")) || t.contains(QLatin1String("DOUB")))
        return ValueType::Double;
    if (t.contains(QLatin1String("NUMERIC")) || t.contains(QLatin1String("DECIMAL"))
        || t.contains(QLatin1String("MONEY")))
        return ValueType::Numeric;
    return ValueType::Text;
}

static Result<Prepared> prepare(const WarehouseConnector& connector, const QString& path, const QString& sql,
    const std::function<Error(const QString&, int)>& queryError)
{
    auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadOnly);
    if (!db)
        return Error::database(
            QStringLiteral("connection \"%1\": %2").arg(connector.connectionId(), db.error().message));
    const QString query = trimQuery(sql);
    const QByteArray utf8 = query.toUtf8();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db->get(), utf8.constData(), int(utf8.size()), 0, &raw, &tail);
    SqliteStatement stmt(raw);
    if (rc != SQLITE_OK) {
        const int byteOffset = sqlite3_error_offset(db->get());
        const int charPosition = byteOffset >= 0 ? int(QString::fromUtf8(utf8.left(byteOffset)).size()) + 1 : 0;
        return queryError(db->lastError(), charPosition);
    }
    if (!raw)
        return queryError(QStringLiteral("the query is empty"), 0);
    if (tail && *tail)
        return queryError(QStringLiteral("the query holds more than one statement"),
            int(QString::fromUtf8(utf8.left(tail - utf8.constData())).size()) + 1);
    if (!sqlite3_stmt_readonly(raw))
        return queryError(QStringLiteral("only read-only queries (SELECT) can be a sync's source"), 1);

    QList<Column> columns;
    const int count = sqlite3_column_count(raw);
    for (int i = 0; i < count; ++i) {
        const char* declared = sqlite3_column_decltype(raw, i);
        const QString native = QString::fromUtf8(declared ? declared : "");
        columns.append(
            {QString::fromUtf8(sqlite3_column_name(raw, i)), SqliteWarehouse::typeFromDeclared(native), native});
    }
    return Prepared{std::move(*db), std::move(stmt), std::move(columns)};
}

Result<QString> SqliteWarehouse::test()
{
    auto db = SqliteHandle::open(m_path, SqliteHandle::Mode::ReadOnly);
    if (!db)
        return connectionError(db.error().message);
    // Reading the schema proves the file is a database, not just a file.
    if (auto checked = db->exec(QStringLiteral("SELECT count(*) FROM sqlite_schema")); !checked)
        return connectionError(QStringLiteral("%1: %2").arg(m_path, checked.error().message));
    return QStringLiteral("SQLite %1").arg(QString::fromLatin1(sqlite3_libversion()));
}

Result<QList<Column>> SqliteWarehouse::describe(const QString& sql)
{
    auto prepared
        = prepare(*this, m_path, sql, [&](const QString& m, int pos) { return queryError(m, trimQuery(sql), pos); });
    if (!prepared)
        return prepared.error();
    return prepared->columns;
}

Result<std::unique_ptr<RowStream>> SqliteWarehouse::open(const QString& sql)
{
    auto prepared
        = prepare(*this, m_path, sql, [&](const QString& m, int pos) { return queryError(m, trimQuery(sql), pos); });
    if (!prepared)
        return prepared.error();
    return std::unique_ptr<RowStream>(std::make_unique<SqliteStream>(
        std::move(prepared->db), std::move(prepared->stmt), std::move(prepared->columns), connectionId()));
}

QString SqliteWarehouse::atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const
{
    // SQLite keeps dates and times as text in more than one shape, or as Unix time:
    // compare them as instants, not as strings.
    if (type == ValueType::Date) {
        return QStringLiteral("(julianday(%1) >= julianday(%2) OR %1 IS NULL)")
            .arg(quotedColumn, SqlText::quoteLiteral(since.toDate().toString(Qt::ISODate)));
    }
    if (type == ValueType::Timestamp) {
        const QDateTime t = since.toDateTime().toUTC().addMSecs(-1);
        return QStringLiteral(
            "(CASE WHEN typeof(%1) = 'integer' THEN %1 >= %2 ELSE julianday(%1) >= julianday(%3) END OR %1 IS NULL)")
            .arg(quotedColumn)
            .arg(t.toSecsSinceEpoch())
            .arg(SqlText::quoteLiteral(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    }
    return WarehouseConnector::atOrPast(quotedColumn, type, since);
}

} // namespace Ebb
