#include "Journal.h"
#include "JournalSql.h"
#include "connectors/secrets/Redactor.h"

#include <string>

// What the destination made of each record: acknowledged, refused or unanswered, or removed.

namespace Ebb {

using namespace JournalSql;

namespace {

constexpr int syncedPerInsert = 64;

// INSERT OR REPLACE of `rows` acknowledged records: ?1 the sync, ?2 the time, then four per
// record (key, hash, source hash, payload). Every column is set, so a key's row is simply
// replaced.
std::string syncedSql(bool aside, int rows)
{
    std::string sql = aside ? "INSERT OR REPLACE INTO record_changes (sync, key, hash, source_hash, status, updated_at,"
                              " payload, last_error, removed) VALUES "
                            : "INSERT OR REPLACE INTO records (sync, key, hash, source_hash, status, updated_at,"
                              " payload, last_error) VALUES ";
    for (int i = 0; i < rows; ++i) {
        const int p = 3 + 4 * i;
        sql += (i ? ", (?1, ?" : "(?1, ?") + std::to_string(p) + ", ?" + std::to_string(p + 1) + ", ?"
            + std::to_string(p + 2) + ", 0, ?2, ?" + std::to_string(p + 3) + (aside ? ", NULL, 0)" : ", NULL)");
    }
    return sql;
}

// Built once: the statement cache knows a statement by the address of its text.
const char* syncedStatement(bool aside, bool many)
{
    static const std::string texts[2][2] = {{syncedSql(false, 1), syncedSql(false, syncedPerInsert)},
        {syncedSql(true, 1), syncedSql(true, syncedPerInsert)}};
    return texts[aside][many].c_str();
}

// One record's four values from parameter `p` on. Once per record, a million times a run:
// bound in place (the buffers stay the caller's), nothing converted.
void bindSynced(sqlite3_stmt* stmt, int p, const Journal::Synced& r)
{
    sqlite3_bind_blob(stmt, p, r.key->constData(), int(r.key->size()), SQLITE_STATIC);
    sqlite3_bind_int64(stmt, p + 1, sqlite3_int64(r.hash));
    sqlite3_bind_int64(stmt, p + 2, sqlite3_int64(r.sourceHash));
    if (r.payload->isNull())
        sqlite3_bind_null(stmt, p + 3);
    else
        sqlite3_bind_blob(stmt, p + 3, r.payload->constData(), int(r.payload->size()), SQLITE_STATIC);
}

} // namespace

Result<void> Journal::markSynced(
    const QString& sync, const QByteArray& key, quint64 hash, const QByteArray& payload, quint64 sourceHash)
{
    return markSynced(sync, std::vector<Synced>{{&key, hash, &payload, sourceHash}});
}

Result<void> Journal::markSynced(const QString& sync, const std::vector<Synced>& records)
{
    if (records.empty())
        return {};
    auto id = syncId(sync, true);
    if (!id)
        return id.error();
    for (size_t next = 0; next < records.size();) {
        const bool many = records.size() - next >= size_t(syncedPerInsert);
        auto stmt = statement(syncedStatement(m_aside, many));
        if (!stmt)
            return stmt.error();
        sqlite3_bind_int64(*stmt, 1, **id);
        sqlite3_bind_int64(*stmt, 2, timestamp());
        const int rows = many ? syncedPerInsert : 1;
        for (int i = 0; i < rows; ++i)
            bindSynced(*stmt, 3 + 4 * i, records[next + size_t(i)]);
        const int rc = sqlite3_step(*stmt);
        // The bound buffers belong to the caller: let go of them before they are freed.
        sqlite3_reset(*stmt);
        sqlite3_clear_bindings(*stmt);
        if (rc != SQLITE_DONE)
            return error(QStringLiteral("cannot record a synced key"));
        next += size_t(rows);
    }
    return {};
}

Result<void> Journal::markFailed(const QString& sync, const QByteArray& key, const QString& message, Failure kind)
{
    auto id = syncId(sync, true);
    if (!id)
        return id.error();
    // A key that did not get through keeps the hash of what the destination last
    // acknowledged (0 if nothing), so the next run sees it as changed and sends it again.
    // "failed": the destination refused it; "pending": no answer (timeouts, retries used up,
    // cancelled), so whether it arrived is not known.
    // Aside, the last acknowledged hash and payload come from records when the key has no
    // change aside yet.
    auto stmt = m_aside
        ? statement("INSERT INTO record_changes (sync, key, hash, source_hash, status, updated_at, payload, "
                    "last_error, removed)"
                    " VALUES (?1, ?2, COALESCE((SELECT hash FROM records WHERE sync = ?1 AND key = ?2), 0), 0, ?5, ?4,"
                    " (SELECT payload FROM records WHERE sync = ?1 AND key = ?2), ?3, 0)"
                    " ON CONFLICT (sync, key) DO UPDATE SET status = excluded.status, last_error = excluded.last_error,"
                    " updated_at = excluded.updated_at, source_hash = 0, removed = 0")
        : statement("INSERT INTO records (sync, key, hash, source_hash, status, updated_at, payload, last_error)"
                    " VALUES (?1, ?2, 0, 0, ?5, ?4, NULL, ?3)"
                    " ON CONFLICT (sync, key) DO UPDATE SET status = excluded.status, last_error = excluded.last_error,"
                    " updated_at = excluded.updated_at, source_hash = 0");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, **id);
    bindBlob(*stmt, 2, key);
    bindText(*stmt, 3, Redactor::redact(message)); // a destination's answer may echo a secret
    sqlite3_bind_int64(*stmt, 4, timestamp());
    sqlite3_bind_int(*stmt, 5, kind == Failure::Pending ? Pending : Failed);
    const int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    if (rc != SQLITE_DONE)
        return error(QStringLiteral("cannot record a failed key"));
    return {};
}

Result<void> Journal::removeRecord(const QString& sync, const QByteArray& key)
{
    auto id = syncId(sync, false);
    if (!id)
        return id.error();
    if (!*id)
        return {};
    auto stmt = m_aside
        ? statement("INSERT OR REPLACE INTO record_changes (sync, key, hash, source_hash, status, updated_at,"
                    " payload, last_error, removed) VALUES (?1, ?2, 0, 0, 0, ?3, NULL, NULL, 1)")
        : statement("DELETE FROM records WHERE sync = ?1 AND key = ?2");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, **id);
    bindBlob(*stmt, 2, key);
    if (m_aside)
        sqlite3_bind_int64(*stmt, 3, timestamp());
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot remove a key"));
    return {};
}

} // namespace Ebb
