#include "PgChangeState.h"

#include "PgChangeSql.h"
#include "PgCopyText.h"

#include <QSet>
#include <algorithm>
#include <libpq-fe.h>

namespace Ebb {

PgChangeState::PgChangeState(QString connectionId, PgConnection connection, QString schema, QString qualified)
    : m_connectionId(std::move(connectionId))
    , m_connection(std::move(connection))
    , m_schema(std::move(schema))
    , m_qualified(std::move(qualified))
{
}

Result<std::unique_ptr<PgChangeState>> PgChangeState::open(const QString& connectionId, PgSettings settings,
    const QString& schema, const QString& table, const QString& query, const QString& key)
{
    settings.readOnly = false; // it writes its own table, and only that
    auto connection = PgConnection::connect(settings);
    if (!connection)
        return Error::database(QStringLiteral("connection \"%1\": %2").arg(connectionId, connection.error().message));
    std::unique_ptr<PgChangeState> state(
        new PgChangeState(connectionId, std::move(*connection), schema, PgChangeSql::qualified(schema, table)));
    if (auto prepared = state->prepare(query, key); !prepared)
        return prepared.error();
    return state;
}

Error PgChangeState::error(const QString& what, const pg_result* result) const
{
    const PgServerError e = serverError(result, m_connection.get());
    m_lastState = QByteArray(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    QString message = QStringLiteral("connection \"%1\": %2: %3").arg(m_connectionId, what, e.message);
    // 42501: insufficient_privilege. Say what to grant, and that another schema will do.
    if (QByteArray(PQresultErrorField(result, PG_DIAG_SQLSTATE)) == "42501")
        message += QStringLiteral(". Change detection in the warehouse keeps each sync's state in the schema \"%1\":"
                                  " create it and grant CREATE on it to this connection's user, or name another"
                                  " with \"stateSchema\" on the connection")
                       .arg(m_schema);
    return Error::database(message);
}

Result<void> PgChangeState::exec(const QString& sql, const QString& what)
{
    PgResultPtr result(PQexec(m_connection.get(), sql.toUtf8().constData()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        return error(what, result.get());
    return {};
}

Result<void> PgChangeState::prepare(const QString& query, const QString& key)
{
    const auto exists = [&](const QString& sql, const QString& name) -> Result<bool> {
        const QByteArray param = name.toUtf8();
        const char* params[] = {param.constData()};
        PgResultPtr result(
            PQexecParams(m_connection.get(), sql.toUtf8().constData(), 1, nullptr, params, nullptr, nullptr, 0));
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
            return error(QStringLiteral("cannot look for %1").arg(name), result.get());
        return QByteArray(PQgetvalue(result.get(), 0, 0)) == "t";
    };
    auto table = exists(PgChangeSql::tableExists(), m_qualified);
    if (!table)
        return table.error();
    if (*table) {
        PgResultPtr count(PQexec(m_connection.get(), PgChangeSql::keyCount(m_qualified).toUtf8().constData()));
        if (PQresultStatus(count.get()) != PGRES_TUPLES_OK)
            return error(QStringLiteral("cannot read %1").arg(m_qualified), count.get());
        m_keysAtOpen = QByteArray(PQgetvalue(count.get(), 0, 0)).toLongLong();
        m_wasEmpty = m_keysAtOpen == 0;
        return {};
    }
    // Looked for before it is made: CREATE SCHEMA asks for the database's CREATE right even
    // when the schema is there.
    auto schema = exists(PgChangeSql::schemaExists(), m_schema);
    if (!schema)
        return schema.error();
    if (!*schema) {
        if (auto made = exec(PgChangeSql::createSchema(m_schema),
                QStringLiteral("cannot create the schema \"%1\" for the syncs' state").arg(m_schema));
            !made)
            return made;
    }
    const QString what = QStringLiteral("cannot create the sync's state table %1").arg(m_qualified);
    if (auto began = exec(QStringLiteral("BEGIN"), what); !began)
        return began;
    auto made = exec(PgChangeSql::createTable(m_qualified, query, key), what);
    if (made)
        made = exec(PgChangeSql::addPrimaryKey(m_qualified), what);
    if (made)
        made = exec(QStringLiteral("COMMIT"), what);
    if (!made)
        (void)exec(QStringLiteral("ROLLBACK"), what);
    return made;
}

void PgChangeState::acknowledge(const QString& key, qint64 hash)
{
    Entry entry{key.toUtf8(), hash, false};
    const std::lock_guard lock(m_mutex);
    m_pending.push_back(std::move(entry));
}

void PgChangeState::forget(const QString& key)
{
    Entry entry{key.toUtf8(), 0, true};
    const std::lock_guard lock(m_mutex);
    m_pending.push_back(std::move(entry));
}

void PgChangeState::discard()
{
    const std::lock_guard lock(m_mutex);
    m_pending.clear();
}

QByteArray PgChangeState::copyRows(const std::vector<Entry>& entries, bool withForget)
{
    QByteArray rows;
    rows.reserve(qsizetype(entries.size()) * 32);
    for (const Entry& entry : entries) {
        appendCopyText(rows, entry.key.constData(), entry.key.size());
        rows += '\t';
        rows += QByteArray::number(entry.hash);
        if (withForget)
            rows += entry.forget ? "\tt" : "\tf";
        rows += '\n';
    }
    return rows;
}

Result<void> PgChangeState::copy(
    const QString& sql, const std::vector<Entry>& entries, bool withForget, const QString& what)
{
    PgResultPtr started(PQexec(m_connection.get(), sql.toUtf8().constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        return error(what, started.get());
    const QByteArray rows = copyRows(entries, withForget);
    bool sent = true;
    for (qsizetype at = 0; at < rows.size() && sent; at += 1 << 20)
        sent = PQputCopyData(
                   m_connection.get(), rows.constData() + at, int(std::min<qsizetype>(1 << 20, rows.size() - at)))
            == 1;
    if (PgResultPtr failed = endCopyIn(m_connection.get(), sent))
        return error(what, failed.get());
    return {};
}

bool PgChangeState::appendToEmpty(const std::vector<Entry>& entries)
{
    // A first run: every key is new to the state and comes once, so the rows go straight into
    // the table (no stage, no merge). Anything unexpected (a key there after all) rolls back,
    // and the state is merged into from then on.
    const QString what = QStringLiteral("cannot write the sync's state to %1").arg(m_qualified);
    bool went = exec(QStringLiteral("BEGIN"), what).ok();
    went = went && copy(PgChangeSql::copyIntoState(m_qualified), entries, false, what).ok();
    went = went && exec(QStringLiteral("COMMIT"), what).ok();
    if (!went) {
        (void)exec(QStringLiteral("ROLLBACK"), what);
        m_wasEmpty = false;
    }
    return went;
}

Result<void> PgChangeState::flush()
{
    std::vector<Entry> pending;
    {
        const std::lock_guard lock(m_mutex);
        pending.swap(m_pending);
    }
    if (pending.empty())
        return {};
    const bool forgets = std::any_of(pending.begin(), pending.end(), [](const Entry& e) { return e.forget; });
    if (m_wasEmpty && !forgets && appendToEmpty(pending))
        return {};
    m_wasEmpty = false;
    m_lastState.clear();
    // 21000, cardinality_violation: "ON CONFLICT DO UPDATE command cannot affect row a second time".
    if (auto merged = merge(pending); merged || m_lastState != "21000")
        return merged;
    // A key queued twice (acknowledged, then found unchanged): its last word only.
    std::vector<Entry> last;
    QSet<QByteArray> seen;
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
        if (!seen.contains(it->key)) {
            seen.insert(it->key);
            last.push_back(*it);
        }
    }
    return merge(last);
}

Result<void> PgChangeState::merge(const std::vector<Entry>& entries)
{
    const QString what = QStringLiteral("cannot write the sync's state to %1").arg(m_qualified);
    if (auto began = exec(QStringLiteral("BEGIN"), what); !began)
        return began;
    const auto failed = [&](Error e) -> Result<void> {
        (void)exec(QStringLiteral("ROLLBACK"), what);
        m_staged = false; // a stage made in this transaction went with it
        return e;
    };
    if (!m_staged) {
        if (auto made = exec(PgChangeSql::createStage(m_qualified), what); !made)
            return failed(made.error());
        m_staged = true;
    }
    if (auto emptied = exec(PgChangeSql::truncateStage(), what); !emptied)
        return failed(emptied.error());
    if (auto copied = copy(PgChangeSql::copyIntoStage(), entries, true, what); !copied)
        return failed(copied.error());
    if (auto merged = exec(PgChangeSql::mergeStage(m_qualified), what); !merged)
        return failed(merged.error());
    if (auto deleted = exec(PgChangeSql::deleteForgotten(m_qualified), what); !deleted)
        return failed(deleted.error());
    if (auto committed = exec(QStringLiteral("COMMIT"), what); !committed)
        return failed(committed.error());
    return {};
}

} // namespace Ebb
