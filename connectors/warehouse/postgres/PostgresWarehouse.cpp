#include "PostgresWarehouse.h"

#include "PgChangeSql.h"
#include "PgChangeState.h"
#include "PgTypes.h"
#include "PgUniqueKey.h"
#include "PostgresStream.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// The query without what may follow its closing semicolon. trimQuery() drops trailing
// semicolons, but in "SELECT …;\n-- done" the semicolon is not last, and inside COPY (…) it
// is a syntax error. PQprepare() has already accepted the text as one statement, so the first
// semicolon outside literals, quoted names and comments ends it and only comments follow.
QString withoutTrailer(const QString& query)
{
    const qsizetype n = query.size();
    const auto at = [&](qsizetype i) { return i < n ? query.at(i) : QChar(); };
    qsizetype i = 0;
    while (i < n) {
        const QChar c = query.at(i);
        if (c == QLatin1Char(';'))
            return query.left(i).trimmed();
        if (c == QLatin1Char('-') && at(i + 1) == QLatin1Char('-')) {
            while (i < n && query.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('/') && at(i + 1) == QLatin1Char('*')) {
            int depth = 0; // block comments nest in PostgreSQL
            do {
                if (query.at(i) == QLatin1Char('/') && at(i + 1) == QLatin1Char('*')) {
                    ++depth;
                    i += 2;
                } else if (query.at(i) == QLatin1Char('*') && at(i + 1) == QLatin1Char('/')) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            } while (depth > 0 && i < n);
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            // E'…' strings take backslash escapes; elsewhere a doubled quote is the escape.
            const bool backslashes = c == QLatin1Char('\'') && i > 0 && query.at(i - 1).toLower() == QLatin1Char('e')
                && (i < 2 || !isIdentifierChar(query.at(i - 2)));
            for (++i; i < n; ++i) {
                if (backslashes && query.at(i) == QLatin1Char('\\')) {
                    ++i;
                } else if (query.at(i) == c) {
                    if (at(i + 1) != c)
                        break;
                    ++i;
                }
            }
            ++i;
        } else if (c == QLatin1Char('$') && (i == 0 || !isIdentifierChar(query.at(i - 1)))) {
            // $tag$…$tag$; "$1" is a parameter, not a quote.
            qsizetype end = i + 1;
            while (end < n && isIdentifierChar(query.at(end)) && query.at(end) != QLatin1Char('$'))
                ++end;
            if (at(end) == QLatin1Char('$') && !at(i + 1).isDigit()) {
                const QString tag = query.mid(i, end - i + 1);
                const qsizetype close = query.indexOf(tag, end + 1);
                i = close < 0 ? n : close + tag.size();
            } else {
                i = end;
            }
        } else {
            ++i;
        }
    }
    return query;
}

// PostgreSQL gives error positions in characters; a QString counts UTF-16 units, and an
// emoji is two of them. Returns the 1-based position in `text`'s units (0 stays 0).
int utf16Position(const QString& text, int charPosition)
{
    qsizetype i = 0;
    for (int chars = 1; chars < charPosition && i < text.size(); ++chars)
        i += text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate() ? 2 : 1;
    return charPosition > 0 ? int(i) + 1 : 0;
}

} // namespace

PostgresWarehouse::PostgresWarehouse(QString connectionId, PgSettings settings)
    : WarehouseConnector(std::move(connectionId))
    , m_settings(std::move(settings))
{
}

QString PostgresWarehouse::keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const
{
    // Where NULL keys come does not matter to the diff. Values go in the btree's own order
    // (NULLS LAST), so an index on the key column streams them without a sort; KeyCodec's
    // value orders sort as the btree does (NaN last, 10.00 = 10, bytea by its bytes).
    if (order != KeyCodec::Order::Text)
        return quotedColumn;
    return QStringLiteral("(%1)::text COLLATE \"C\" NULLS FIRST").arg(quotedColumn);
}

QString PostgresWarehouse::embeddable(const QString& sql) const
{
    return withoutTrailer(trimQuery(sql));
}

Result<PgConnection*> PostgresWarehouse::control()
{
    if (m_control && PQstatus(m_control->get()) == CONNECTION_OK) {
        if (m_proofTransaction) { // the read it was kept for did not come: end it
            m_proofTransaction = false;
            PgResultPtr ended(PQexec(m_control->get(), "ROLLBACK"));
        }
        return &*m_control;
    }
    m_proofTransaction = false;
    m_control.reset();
    auto connection = PgConnection::connect(m_settings);
    if (!connection)
        return connectionError(connection.error().message);
    m_control.emplace(std::move(*connection));
    return &*m_control;
}

Result<QString> PostgresWarehouse::test()
{
    auto connection = control();
    if (!connection)
        return connection.error();
    PgResultPtr result(PQexec((*connection)->get(), "SELECT version()"));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        return connectionError(serverError(result.get(), (*connection)->get()).message);
    return QString::fromUtf8(PQgetvalue(result.get(), 0, 0));
}

Result<PostgresWarehouse::Description> PostgresWarehouse::describeOn(PgConnection& connection, const QString& sql)
{
    // Preparing the unnamed statement parses and plans the query without running it.
    const QString query = trimQuery(sql);
    // Positions are reported in `sql` as the user wrote it, blank lines before the query included.
    qsizetype leading = 0;
    while (leading < sql.size() && sql.at(leading).isSpace())
        ++leading;
    const auto failed = [&](const pg_result* result) {
        const PgServerError error = serverError(result, connection.get());
        const int position = error.position > 0 ? int(leading) + utf16Position(query, error.position) : 0;
        return queryError(error.message, sql, position, error.detail);
    };
    PgResultPtr prepared(PQprepare(connection.get(), "", query.toUtf8().constData(), 0, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
        return failed(prepared.get());
    PgResultPtr described(PQdescribePrepared(connection.get(), ""));
    if (PQresultStatus(described.get()) != PGRES_COMMAND_OK)
        return failed(described.get());
    Description description;
    const int count = PQnfields(described.get());
    if (count == 0)
        return queryError(QStringLiteral("the statement returns no rows; a sync's source must be a query"), query, 0);
    for (int i = 0; i < count; ++i) {
        const unsigned oid = PQftype(described.get(), i);
        const int typmod = PQfmod(described.get(), i);
        description.columns.append({QString::fromUtf8(PQfname(described.get(), i)), PgTypes::valueType(oid),
            PgTypes::nativeName(oid, typmod)});
        description.oids.push_back(oid);
        description.origins.emplace_back(PQftable(described.get(), i), PQftablecol(described.get(), i));
    }
    return description;
}

Result<QList<Column>> PostgresWarehouse::describe(const QString& sql)
{
    auto connection = control();
    if (!connection)
        return connection.error();
    auto description = describeOn(**connection, sql);
    if (!description)
        return description.error();
    return description->columns;
}

QString PostgresWarehouse::uniqueKeyIndex(const QString& sql, const QString& keyColumn)
{
    auto connection = control();
    if (!connection)
        return {};
    // The proof holds while the table and its indexes stay as they are. It runs in a
    // transaction that open() continues on the same connection: the locks the describe and
    // EXPLAIN take keep anyone from dropping the index (and committing duplicates) before the
    // read ends.
    PgResultPtr began(PQexec((*connection)->get(), "BEGIN READ ONLY"));
    if (PQresultStatus(began.get()) != PGRES_COMMAND_OK)
        return {};
    QString index;
    if (auto description = describeOn(**connection, sql)) {
        if (const int key = columnIndex(description->columns, keyColumn); key >= 0) {
            const auto [table, column] = description->origins[size_t(key)];
            index = PgUniqueKey::provingIndex(**connection, embeddable(sql), table, column);
        }
    }
    m_proofTransaction = true;
    if (index.isEmpty())
        (void)control(); // nothing to keep: ends the transaction
    return index;
}

Result<std::unique_ptr<RowStream>> PostgresWarehouse::open(const QString& sql)
{
    // The stream takes the connection that described the query when there is one (a run
    // describes first, then reads: one connection, not two); the next describe connects anew.
    std::optional<PgConnection> connection;
    const bool reused = m_control && PQstatus(m_control->get()) == CONNECTION_OK;
    if (reused) {
        // Inside uniqueKeyIndex()'s transaction, if it proved something: the read goes on in it.
        m_proofTransaction = false;
        connection.emplace(std::move(*m_control));
        m_control.reset();
    } else {
        auto connected = PgConnection::connect(m_settings);
        if (!connected)
            return connectionError(connected.error().message);
        connection.emplace(std::move(*connected));
    }
    auto description = describeOn(*connection, sql);
    if (!description && reused && PQstatus(connection->get()) != CONNECTION_OK) {
        // The kept connection had gone (a server restart, an idle timeout): one fresh try.
        connection.reset();
        auto connected = PgConnection::connect(m_settings);
        if (!connected)
            return connectionError(connected.error().message);
        connection.emplace(std::move(*connected));
        description = describeOn(*connection, sql);
    }
    if (!description)
        return description.error();

    // Types without a binary decoder here (enums, arrays, intervals…) are cast to text by
    // the server; the column aliases also make duplicate column names harmless.
    const QString query = withoutTrailer(trimQuery(sql));
    QString copy;
    bool allBinary = true;
    for (const unsigned oid : description->oids)
        allBinary = allBinary && PgTypes::hasBinaryDecoder(oid);
    if (allBinary) {
        copy = QStringLiteral("COPY (\n%1\n) TO STDOUT (FORMAT binary)").arg(query);
    } else {
        QStringList aliases, selected;
        for (size_t i = 0; i < description->oids.size(); ++i) {
            const QString alias = QStringLiteral("c%1").arg(i);
            aliases << alias;
            if (PgTypes::hasBinaryDecoder(description->oids[i])) {
                selected << alias;
            } else {
                selected << alias + QStringLiteral("::text");
                description->oids[i] = PgTypes::Text;
                description->columns[qsizetype(i)].type = ValueType::Text;
            }
        }
        copy = QStringLiteral("COPY (SELECT %1 FROM (\n%2\n) AS ebb_source(%3)) TO STDOUT (FORMAT binary)")
                   .arg(selected.join(QLatin1String(", ")), query, aliases.join(QLatin1String(", ")));
    }
    // This connection reads every row once, in order. The planner's default costs for
    // parallel plans are set for short queries; here a parallel sort or scan (Gather Merge
    // keeps the order) pays off, so they are made cheaper for this session only. The
    // server's own caps (max_parallel_workers_per_gather) still apply. JIT compiling costs
    // 60-100 ms a query and, for a scan that hashes or copies each row once, earned less
    // than that back at a million rows (bench/sync.sh): it is for queries far bigger.
    // Apart, so a server without one of them (an older PostgreSQL, a compatible one) keeps the other.
    for (const char* setting :
        {"SET parallel_setup_cost = 100; SET parallel_tuple_cost = 0.01", "SET jit_above_cost = 10000000"}) {
        PgResultPtr tuned(PQexec(connection->get(), setting));
        if (PQresultStatus(tuned.get()) != PGRES_COMMAND_OK)
            spdlog::debug("postgres: {}: {}", setting, PQresultErrorMessage(tuned.get()));
    }
    PgResultPtr started(PQexec(connection->get(), copy.toUtf8().constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_OUT) {
        const PgServerError error = serverError(started.get(), connection->get());
        return queryError(error.message, query, 0, error.detail);
    }
    return std::unique_ptr<RowStream>(std::make_unique<PostgresStream>(
        std::move(*connection), std::move(description->columns), std::move(description->oids), connectionId()));
}

Result<std::unique_ptr<ChangeState>> PostgresWarehouse::changeState(const QString& sql, const QList<Column>& described,
    const QString& keyColumn, const QString& stateSchema, const QString& table)
{
    auto key = column(described, keyColumn, QStringLiteral("$.source.primaryKey"));
    if (!key)
        return key.error();
    // Whether every column's type hashes (json, xml and the geometric types do not): asked
    // once, before a proof of the key's uniqueness holds the control session in a transaction.
    auto connection = control();
    if (!connection)
        return connection.error();
    PgResultPtr probe(PQexec((*connection)->get(), PgChangeSql::hashProbe(described).toUtf8().constData()));
    m_hashText = PQresultStatus(probe.get()) != PGRES_TUPLES_OK;
    auto state = PgChangeState::open(
        connectionId(), m_settings, stateSchema, table, embeddable(sql), quoteIdentifier(key->name));
    if (!state)
        return state.error();
    return std::unique_ptr<ChangeState>(std::move(*state));
}

void PostgresWarehouse::prepareStateJoin()
{
    // The session that reads next (open() takes this one along) joins the whole query with
    // the state: a hash join splits the hashing of every row among the server's parallel
    // workers, where a merge join walks both sides in one process, and enough memory keeps
    // the state's keys in one batch instead of spilling them (about 45% less time, measured on
    // a million rows and two cores). Settings of this session only; it reads nothing else.
    if (auto connection = control(); connection)
        PgResultPtr(PQexec((*connection)->get(), PgChangeSql::joinSettings().toUtf8().constData()));
}

Result<std::unique_ptr<RowStream>> PostgresWarehouse::openChanges(const QString& sql, const QList<Column>& described,
    const QString& keyColumn, ChangeState& state, qint64 seed, bool everything, bool keyIsUnique)
{
    auto key = column(described, keyColumn, QStringLiteral("$.source.primaryKey"));
    if (!key)
        return key.error();
    if (const auto problem = orderProblem(*key, true))
        return Error::config(QStringLiteral("$.source.primaryKey: %1").arg(*problem));
    const QString quoted = quoteIdentifier(key->name);
    const QString query = embeddable(sql);
    const QString order = keyOrderExpression(QStringLiteral("ebb_changes.") + quoted, keyOrder(key->type));
    prepareStateJoin();
    return openWrapped(WrappedQuery(
        PgChangeSql::changes(query, quoted, state.name(), order, seed, m_hashText, everything, keyIsUnique), sql, query,
        QStringLiteral("read only the rows that changed since %1 was written, sorted by its key \"%2\"")
            .arg(state.name(), key->name)));
}

Result<std::unique_ptr<RowStream>> PostgresWarehouse::openRemovedKeys(
    const QString& sql, const QList<Column>& described, const QString& keyColumn, ChangeState& state)
{
    auto key = column(described, keyColumn, QStringLiteral("$.source.primaryKey"));
    if (!key)
        return key.error();
    const QString query = embeddable(sql);
    prepareStateJoin();
    return openWrapped(WrappedQuery(PgChangeSql::removedKeys(query, quoteIdentifier(key->name), state.name()), sql,
        query, QStringLiteral("find the keys of %1 it no longer returns").arg(state.name())));
}

} // namespace Ebb
