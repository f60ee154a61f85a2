#include "Journal.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace Ebb {

namespace {

// Each entry moves the schema one version up; never edit a released one, add the next.
const char* const migrations[] = {
    // 1
    "CREATE TABLE records ("
    "  sync TEXT NOT NULL, key BLOB NOT NULL, hash INTEGER NOT NULL, payload BLOB,"
    "  status TEXT NOT NULL, last_error TEXT, updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (sync, key)) WITHOUT ROWID;"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY, sync TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, status TEXT NOT NULL,"
    "  dry_run INTEGER NOT NULL, full INTEGER NOT NULL, forced INTEGER NOT NULL,"
    "  queried INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,"
    "  removed INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,"
    "  failed INTEGER NOT NULL DEFAULT 0, sent INTEGER NOT NULL DEFAULT 0, error TEXT);"
    "CREATE INDEX runs_sync ON runs (sync, id);"
    "CREATE TABLE rejects ("
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, sync TEXT NOT NULL, key TEXT, field TEXT,"
    "  rule TEXT NOT NULL, message TEXT NOT NULL, value TEXT, payload BLOB);"
    "CREATE INDEX rejects_run ON rejects (run_id);"
    "CREATE TABLE failures ("
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, sync TEXT NOT NULL, key TEXT,"
    "  message TEXT NOT NULL, payload BLOB);"
    "CREATE INDEX failures_run ON failures (run_id);",
    // 2: the hash of the source row (salted with the mapping) a key was last sent from
    "ALTER TABLE records ADD COLUMN source_hash INTEGER NOT NULL DEFAULT 0;",
    // 3: where an incremental sync's next run starts reading
    "CREATE TABLE cursors ("
    "  sync TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL);",
    // 4: a record in fewer bytes, as a million of them are written per run: the sync by number,
    // status and time as integers (SQLite stores 0 and 1 in the record header alone).
    // key_order: how the sync's keys are encoded (KeyCodec); every key was text until now.
    "CREATE TABLE syncs (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, key_order TEXT NOT NULL DEFAULT 'text');"
    "INSERT INTO syncs (name) SELECT DISTINCT sync FROM records ORDER BY sync;"
    "CREATE TABLE records_v4 ("
    "  sync INTEGER NOT NULL, key BLOB NOT NULL, hash INTEGER NOT NULL, source_hash INTEGER NOT NULL,"
    "  status INTEGER NOT NULL, updated_at INTEGER NOT NULL, payload BLOB, last_error TEXT,"
    "  PRIMARY KEY (sync, key)) WITHOUT ROWID;"
    "INSERT INTO records_v4 SELECT s.id, r.key, r.hash, r.source_hash,"
    "  CASE r.status WHEN 'synced' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END,"
    "  COALESCE(CAST(round((julianday(r.updated_at) - 2440587.5) * 86400000) AS INTEGER), 0), r.payload, r.last_error"
    "  FROM records r JOIN syncs s ON s.name = r.sync;"
    "DROP TABLE records;"
    "ALTER TABLE records_v4 RENAME TO records;",
    // 5: small runs write their records aside, so a 1% change does not rewrite most pages of
    // a big records table; fold() moves them in once they are many (removed: a deleted key).
    "CREATE TABLE record_changes ("
    "  sync INTEGER NOT NULL, key BLOB NOT NULL, hash INTEGER NOT NULL, source_hash INTEGER NOT NULL,"
    "  status INTEGER NOT NULL, updated_at INTEGER NOT NULL, payload BLOB, last_error TEXT, removed INTEGER NOT NULL,"
    "  PRIMARY KEY (sync, key)) WITHOUT ROWID;",
    // 6: a rejected value is stored once. Messages quote the value they refuse ("\"…\" is not
    // a number"), and a 2 KB value took 4 KB; the message now keeps the rest, and value_at says
    // where the value goes back in (a UTF-8 byte offset, so cut and rebuilt as bytes; NULL: the
    // message does not quote it). A match of valid UTF-8 in valid UTF-8 starts and ends on
    // character boundaries, so what is left is valid UTF-8 too.
    "ALTER TABLE rejects ADD COLUMN value_at INTEGER;"
    "UPDATE rejects SET value_at = instr(CAST(message AS BLOB), CAST(value AS BLOB)) - 1,"
    "  message = CAST(substr(CAST(message AS BLOB), 1, instr(CAST(message AS BLOB), CAST(value AS BLOB)) - 1)"
    "    || substr(CAST(message AS BLOB), instr(CAST(message AS BLOB), CAST(value AS BLOB)) + length(CAST(value AS "
    "BLOB))) AS TEXT)"
    "  WHERE value <> '' AND instr(CAST(message AS BLOB), CAST(value AS BLOB)) > 0;"
    // Pruning finds a sync's old rejects and failures by run.
    "CREATE INDEX rejects_sync_run ON rejects (sync, run_id);"
    "CREATE INDEX failures_sync_run ON failures (sync, run_id);",
    // 7: who started a run (cli, window, schedule); NULL for runs from before.
    "ALTER TABLE runs ADD COLUMN origin TEXT;",
    // 8: this journal's own name, random: a sync's state kept in the warehouse (change
    // detection there) belongs to one journal, and a copy of the workspace starts its own.
    "CREATE TABLE journal_info (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO journal_info VALUES ('instance', lower(hex(randomblob(8))));",
    // 9: hashes are XXH3 with the top bit set (StoredHash); the old mixer's keep it clear,
    // and are still compared with the old mixer, so nothing is sent again for the change.
    "UPDATE records SET hash = hash & 0x7FFFFFFFFFFFFFFF, source_hash = source_hash & 0x7FFFFFFFFFFFFFFF;"
    "UPDATE record_changes SET hash = hash & 0x7FFFFFFFFFFFFFFF,"
    "  source_hash = source_hash & 0x7FFFFFFFFFFFFFFF;",
};

} // namespace

Result<void> Journal::migrate()
{
    const auto readVersion = [this]() -> Result<int> {
        auto version = statement("PRAGMA user_version");
        if (!version)
            return version.error();
        if (sqlite3_step(*version) != SQLITE_ROW)
            return error(QStringLiteral("cannot read the schema version"));
        const int value = sqlite3_column_int(*version, 0);
        sqlite3_reset(*version);
        return value;
    };
    auto before = readVersion();
    if (!before)
        return before.error();
    const int current = *before;
    if (current > schemaVersion)
        return Error::config(
            QStringLiteral("journal %1 has schema version %2, newer than this Ebb understands (%3); update Ebb")
                .arg(m_path)
                .arg(current)
                .arg(schemaVersion));
    if (current == schemaVersion)
        return {}; // no write lock taken: a journal that is up to date may be read-only
    // Two processes opening a new journal at once both read an old version; the version is
    // read again under the write lock, so the second finds the first's migrations done.
    if (auto locked = m_db.exec(QStringLiteral("BEGIN IMMEDIATE")); !locked)
        return Error::io(
            QStringLiteral("journal %1: cannot lock it to update its schema: %2").arg(m_path, locked.error().message));
    auto locked = readVersion();
    if (!locked) {
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        return locked.error();
    }
    for (int v = *locked; v < schemaVersion; ++v) {
        const QString script
            = QStringLiteral("%1 PRAGMA user_version = %2;").arg(QString::fromUtf8(migrations[v])).arg(v + 1);
        if (auto done = m_db.exec(script); !done) {
            (void)m_db.exec(QStringLiteral("ROLLBACK"));
            return Error::io(QStringLiteral("journal %1: migration to version %2 failed: %3")
                                 .arg(m_path)
                                 .arg(v + 1)
                                 .arg(done.error().message));
        }
    }
    if (auto committed = m_db.exec(QStringLiteral("COMMIT")); !committed) {
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        return Error::io(
            QStringLiteral("journal %1: cannot commit its new schema: %2").arg(m_path, committed.error().message));
    }
    // Version 4 rebuilt the records in less room: give the room back (once; if another
    // connection is reading, it stays for later, which does no harm). A journal that needs
    // converting to incremental auto-vacuum gets its VACUUM from convertToIncrementalVacuum().
    if (*locked > 0 && *locked < 4 && autoVacuum() != 0)
        (void)m_db.exec(QStringLiteral("VACUUM"));
    return {};
}

int Journal::autoVacuum() const
{
    auto mode = statement("PRAGMA auto_vacuum");
    if (!mode || sqlite3_step(*mode) != SQLITE_ROW)
        return -1;
    const int value = sqlite3_column_int(*mode, 0);
    sqlite3_reset(*mode);
    return value;
}

void Journal::convertToIncrementalVacuum()
{
    // Pruning frees the pages of old runs' rejects; with auto_vacuum=INCREMENTAL they can be
    // given back to the file system (pruneRuns). A journal created before that setting needs
    // one VACUUM to take it. When that fails (the disk is too full for the copy VACUUM makes)
    // the journal works as before, and the next open tries again.
    if (autoVacuum() != 0)
        return;
    if (auto set = m_db.exec(QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL; VACUUM")); !set)
        spdlog::warn("journal {}: cannot switch to incremental vacuum yet: {}", m_path.toStdString(),
            set.error().message.toStdString());
}

} // namespace Ebb
