#include "Journal.h"

#include "models/mapping/KeyCodec.h"

#include <QDateTime>

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
};

// records.status
enum StatusCode { Synced = 0, Pending = 1, Failed = 2 };

Journal::Status statusOf(int code)
{
    switch (code) {
    case Synced: return Journal::Status::Synced;
    case Pending: return Journal::Status::Pending;
    default: return Journal::Status::Failed;
    }
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// records.updated_at: milliseconds since the Unix epoch, UTC
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void bindText(sqlite3_stmt* stmt, int index, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void bindBlob(sqlite3_stmt* stmt, int index, const QByteArray& bytes)
{
    sqlite3_bind_blob(stmt, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
}

QString columnText(sqlite3_stmt* stmt, int index)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, index)), sqlite3_column_bytes(stmt, index));
}

QByteArray columnBlob(sqlite3_stmt* stmt, int index)
{
    return QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt, index)), sqlite3_column_bytes(stmt, index));
}

// Resets a cached statement when the read is over: a statement left on a row keeps a read
// transaction open, which stops checkpoints and table changes on this connection.
class ResetOnExit
{
public:
    explicit ResetOnExit(sqlite3_stmt* stmt) : m_stmt(stmt) {}
    ~ResetOnExit() { sqlite3_reset(m_stmt); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    sqlite3_stmt* m_stmt;
};

class SqliteRecordCursor : public Journal::RecordCursor
{
public:
    SqliteRecordCursor(SqliteHandle db, SqliteStatement stmt) : m_db(std::move(db)), m_stmt(std::move(stmt)) {}

    std::optional<Journal::Record> next() override
    {
        if (sqlite3_step(m_stmt.get()) != SQLITE_ROW)
            return std::nullopt;
        return Journal::Record{columnBlob(m_stmt.get(), 0), quint64(sqlite3_column_int64(m_stmt.get(), 1)),
                               statusOf(sqlite3_column_int(m_stmt.get(), 2)), quint64(sqlite3_column_int64(m_stmt.get(), 3))};
    }

private:
    SqliteHandle m_db;
    SqliteStatement m_stmt;
};

// ebb_rekey(key, order): a journaled key encoded for the other order (useKeyOrder, and
// records() reading a sync journaled in the other order).
void registerFunctions(sqlite3* db)
{
    sqlite3_create_function_v2(
        db, "ebb_rekey", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
        [](sqlite3_context* context, int, sqlite3_value** args) {
            const QByteArray key(static_cast<const char*>(sqlite3_value_blob(args[0])), sqlite3_value_bytes(args[0]));
            const auto order = KeyCodec::orderFromName(
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_value_text(args[1])), sqlite3_value_bytes(args[1])));
            if (!order) {
                sqlite3_result_error(context, "unknown key order", -1);
                return;
            }
            const QByteArray encoded = KeyCodec::reencode(key, *order);
            sqlite3_result_blob(context, encoded.constData(), int(encoded.size()), SQLITE_TRANSIENT);
        },
        nullptr, nullptr, nullptr);
}

} // namespace

Journal::~Journal() = default;

Error Journal::error(const QString& what) const
{
    return Error::io(QStringLiteral("journal %1: %2: %3").arg(m_path, what, m_db.lastError()));
}

Result<std::unique_ptr<Journal>> Journal::open(const QString& path)
{
    auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
    if (!db)
        return db.error();
    std::unique_ptr<Journal> journal(new Journal(std::move(*db), path));
    // WAL: readers (the GUI) never block the writer (a run). NORMAL sync is durable at
    // each checkpoint and never corrupts; a crash loses at most the last commits, which
    // the destination's idempotent writes make good on the next run.
    // 16 KiB pages for a new journal (an existing one keeps its own): a rerun that changes
    // keys scattered over a big journal dirties fewer, larger pages, and each page costs a
    // read, two WAL writes and a checkpoint copy; the full run writes faster too.
    (void)journal->m_db.exec(QStringLiteral("PRAGMA page_size=16384"));
    if (auto pragmas = journal->m_db.exec(QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")); !pragmas)
        return Error::io(QStringLiteral("journal %1: %2").arg(path, pragmas.error().message));
    // Checkpoint when the WAL passes 64 MiB (the setting counts pages, whatever their size).
    if (auto pageSize = journal->statement("PRAGMA page_size"); pageSize && sqlite3_step(*pageSize) == SQLITE_ROW) {
        const int bytes = std::max(512, sqlite3_column_int(*pageSize, 0));
        sqlite3_reset(*pageSize);
        (void)journal->m_db.exec(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg((64 << 20) / bytes));
    }
    registerFunctions(journal->m_db.get());
    if (auto migrated = journal->migrate(); !migrated)
        return migrated.error();
    return journal;
}

Result<void> Journal::migrate()
{
    auto version = statement("PRAGMA user_version");
    if (!version)
        return version.error();
    sqlite3_step(*version);
    const int current = sqlite3_column_int(*version, 0);
    sqlite3_reset(*version);
    if (current > schemaVersion)
        return Error::config(QStringLiteral("journal %1 has schema version %2, newer than this Ebb understands (%3); update Ebb")
                                 .arg(m_path).arg(current).arg(schemaVersion));
    for (int v = current; v < schemaVersion; ++v) {
        const QString script = QStringLiteral("BEGIN IMMEDIATE; %1 PRAGMA user_version = %2; COMMIT;")
                                   .arg(QString::fromUtf8(migrations[v]))
                                   .arg(v + 1);
        if (auto done = m_db.exec(script); !done) {
            (void)m_db.exec(QStringLiteral("ROLLBACK"));
            return Error::io(QStringLiteral("journal %1: migration to version %2 failed: %3").arg(m_path).arg(v + 1).arg(done.error().message));
        }
    }
    // Version 4 rebuilt the records in less room: give the room back (once; if another
    // connection is reading, it stays for later, which does no harm).
    if (current > 0 && current < 4)
        (void)m_db.exec(QStringLiteral("VACUUM"));
    return {};
}

Result<sqlite3_stmt*> Journal::statement(const char* sql) const
{
    for (auto& [text, stmt] : m_statements) {
        if (text == sql) {
            sqlite3_reset(stmt.get());
            sqlite3_clear_bindings(stmt.get());
            return stmt.get();
        }
    }
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(m_db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
        return error(QStringLiteral("cannot prepare %1").arg(QLatin1String(sql)));
    m_statements.emplace_back(sql, SqliteStatement(raw));
    return raw;
}

Result<std::optional<KeyCodec::Order>> Journal::storedKeyOrder(const QString& sync) const
{
    auto stmt = statement("SELECT key_order FROM syncs WHERE name = ?1");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW)
        return std::optional<KeyCodec::Order>();
    return KeyCodec::orderFromName(columnText(*stmt, 0));
}

Result<std::unique_ptr<Journal::RecordCursor>> Journal::records(const QString& sync, std::optional<KeyCodec::Order> order) const
{
    // Journaled in another order (a preview before the first run that re-encodes them): the
    // keys are re-encoded as they are read, and sorted again.
    bool reencode = false;
    if (order) {
        auto stored = storedKeyOrder(sync);
        if (!stored)
            return stored.error();
        reencode = *stored && **stored != *order;
    }
    auto aside = changesAside(sync);
    if (!aside)
        return aside.error();
    auto db = SqliteHandle::open(m_path, SqliteHandle::Mode::ReadOnly);
    if (!db)
        return db.error();
    registerFunctions(db->get());
    sqlite3_stmt* raw = nullptr;
    // The primary key (sync, key) orders keys by their bytes: memcmp, like PostgreSQL's "C" collation.
    // With records written aside (only a preview reads before they are folded in), the two
    // tables are merged and sorted again.
    static const QByteArray merged = QByteArrayLiteral(
        "SELECT key, hash, status, source_hash FROM records r WHERE sync = (SELECT id FROM syncs WHERE name = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM record_changes c WHERE c.sync = r.sync AND c.key = r.key)"
        " UNION ALL SELECT key, hash, status, source_hash FROM record_changes"
        " WHERE sync = (SELECT id FROM syncs WHERE name = ?1) AND removed = 0");
    static const QByteArray plain = QByteArrayLiteral(
        "SELECT key, hash, status, source_hash FROM records WHERE sync = (SELECT id FROM syncs WHERE name = ?1)");
    const QByteArray& source = *aside > 0 ? merged : plain;
    // Both branches of the merge come in key order, so SQLite merges them rather than sorting.
    const QByteArray sql = reencode ? "SELECT ebb_rekey(key, ?2) AS k, hash, status, source_hash FROM (" + source + ") ORDER BY k"
                                    : source + " ORDER BY key";
    if (sqlite3_prepare_v2(db->get(), sql.constData(), int(sql.size()), &raw, nullptr) != SQLITE_OK)
        return Error::io(QStringLiteral("journal %1: %2").arg(m_path, db->lastError()));
    SqliteStatement stmt(raw);
    bindText(raw, 1, sync);
    if (reencode)
        bindText(raw, 2, KeyCodec::orderName(*order));
    return std::unique_ptr<RecordCursor>(std::make_unique<SqliteRecordCursor>(std::move(*db), std::move(stmt)));
}

Result<qint64> Journal::recordCount(const QString& sync) const
{
    auto id = syncId(sync, false);
    if (!id)
        return id.error();
    if (!*id)
        return 0;
    auto stmt = statement("SELECT (SELECT count(*) FROM records WHERE sync = ?1)"
                          " + (SELECT count(*) FROM record_changes c WHERE c.sync = ?1 AND c.removed = 0"
                          "    AND NOT EXISTS (SELECT 1 FROM records r WHERE r.sync = ?1 AND r.key = c.key))"
                          " - (SELECT count(*) FROM record_changes c WHERE c.sync = ?1 AND c.removed = 1"
                          "    AND EXISTS (SELECT 1 FROM records r WHERE r.sync = ?1 AND r.key = c.key))");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, **id);
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW)
        return error(QStringLiteral("cannot count records"));
    return qint64(sqlite3_column_int64(*stmt, 0));
}

Result<std::optional<Journal::Record>> Journal::record(const QString& sync, const QByteArray& key) const
{
    auto id = syncId(sync, false);
    if (!id)
        return id.error();
    if (!*id)
        return std::optional<Record>();
    // A record written aside (record_changes) is newer than the one in records.
    auto stmt = statement("SELECT key, hash, status, source_hash FROM record_changes WHERE sync = ?1 AND key = ?2 AND removed = 0"
                          " UNION ALL SELECT key, hash, status, source_hash FROM records WHERE sync = ?1 AND key = ?2"
                          " AND NOT EXISTS (SELECT 1 FROM record_changes WHERE sync = ?1 AND key = ?2) LIMIT 1");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, **id);
    sqlite3_bind_blob(*stmt, 2, key.constData(), int(key.size()), SQLITE_STATIC);
    std::optional<Record> found;
    if (sqlite3_step(*stmt) == SQLITE_ROW)
        found = Record{columnBlob(*stmt, 0), quint64(sqlite3_column_int64(*stmt, 1)), statusOf(sqlite3_column_int(*stmt, 2)),
                       quint64(sqlite3_column_int64(*stmt, 3))};
    sqlite3_reset(*stmt); // let go of the key before the caller frees it
    return found;
}

Result<std::optional<Journal::Cursor>> Journal::cursor(const QString& sync) const
{
    auto stmt = statement("SELECT fingerprint, value FROM cursors WHERE sync = ?1");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW)
        return std::optional<Cursor>();
    return std::optional<Cursor>(Cursor{columnText(*stmt, 0), columnText(*stmt, 1)});
}

Result<void> Journal::setCursor(const QString& sync, const Cursor& cursor)
{
    auto stmt = statement("INSERT INTO cursors (sync, fingerprint, value, updated_at) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT (sync) DO UPDATE SET fingerprint = excluded.fingerprint, value = excluded.value, "
                          "updated_at = excluded.updated_at");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    bindText(*stmt, 2, cursor.fingerprint);
    bindText(*stmt, 3, cursor.value);
    bindText(*stmt, 4, now());
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot save the cursor of sync \"%1\"").arg(sync));
    return {};
}

Result<QByteArray> Journal::lastPayload(const QString& sync, const QByteArray& key) const
{
    auto id = syncId(sync, false);
    if (!id)
        return id.error();
    if (!*id)
        return QByteArray();
    auto stmt = statement("SELECT payload FROM record_changes WHERE sync = ?1 AND key = ?2 AND removed = 0"
                          " UNION ALL SELECT payload FROM records WHERE sync = ?1 AND key = ?2"
                          " AND NOT EXISTS (SELECT 1 FROM record_changes WHERE sync = ?1 AND key = ?2) LIMIT 1");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, **id);
    bindBlob(*stmt, 2, key);
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW)
        return QByteArray();
    return columnBlob(*stmt, 0);
}

Result<void> Journal::begin()
{
    if (auto done = m_db.exec(QStringLiteral("BEGIN IMMEDIATE")); !done)
        return error(QStringLiteral("cannot begin a transaction"));
    m_now = nowMs(); // one timestamp for the batch's records
    return {};
}

Result<void> Journal::commit()
{
    m_now = 0;
    if (auto done = m_db.exec(QStringLiteral("COMMIT")); !done)
        return error(QStringLiteral("cannot commit"));
    return {};
}

void Journal::rollback()
{
    m_now = 0;
    m_syncIds.clear(); // a sync added in the transaction is gone with it
    (void)m_db.exec(QStringLiteral("ROLLBACK")); // nothing to do if there was no transaction
}

Result<void> Journal::markSynced(const QString& sync, const QByteArray& key, quint64 hash, const QByteArray& payload,
                                 quint64 sourceHash)
{
    auto id = syncId(sync, true);
    if (!id)
        return id.error();
    // Every column is set, so the key's row is simply replaced.
    auto stmt = m_aside ? statement("INSERT OR REPLACE INTO record_changes (sync, key, hash, source_hash, status, updated_at, payload,"
                                    " last_error, removed) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, NULL, 0)")
                        : statement("INSERT OR REPLACE INTO records (sync, key, hash, source_hash, status, updated_at, payload, last_error)"
                                    " VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, NULL)");
    if (!stmt)
        return stmt.error();
    // Once per record, a million times a run: bind in place, convert nothing.
    sqlite3_bind_int64(*stmt, 1, **id);
    sqlite3_bind_blob(*stmt, 2, key.constData(), int(key.size()), SQLITE_STATIC);
    sqlite3_bind_int64(*stmt, 3, sqlite3_int64(hash));
    sqlite3_bind_int64(*stmt, 4, sqlite3_int64(sourceHash));
    sqlite3_bind_int64(*stmt, 5, timestamp());
    if (payload.isNull())
        sqlite3_bind_null(*stmt, 6);
    else
        sqlite3_bind_blob(*stmt, 6, payload.constData(), int(payload.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(*stmt);
    // The bound buffers belong to the caller: let go of them before they are freed.
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    if (rc != SQLITE_DONE)
        return error(QStringLiteral("cannot record a synced key"));
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
        ? statement("INSERT INTO record_changes (sync, key, hash, source_hash, status, updated_at, payload, last_error, removed)"
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
    bindText(*stmt, 3, message);
    sqlite3_bind_int64(*stmt, 4, timestamp());
    sqlite3_bind_int(*stmt, 5, kind == Failure::Pending ? Pending : Failed);
    const int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    if (rc != SQLITE_DONE)
        return error(QStringLiteral("cannot record a failed key"));
    return {};
}

Result<qint64> Journal::changesAside(const QString& sync) const
{
    auto stmt = statement("SELECT count(*) FROM record_changes WHERE sync = (SELECT id FROM syncs WHERE name = ?1)");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW)
        return error(QStringLiteral("cannot count the records written aside"));
    return qint64(sqlite3_column_int64(*stmt, 0));
}

Result<void> Journal::fold(const QString& sync)
{
    if (!sqlite3_get_autocommit(m_db.get()))
        return error(QStringLiteral("the records of sync \"%1\" cannot be folded inside another transaction").arg(sync));
    auto aside = changesAside(sync);
    if (!aside)
        return aside.error();
    if (*aside == 0)
        return {}; // nothing to fold: no write lock taken (a dry run writes nothing)
    auto id = syncId(sync, false);
    if (!id)
        return id.error();
    if (!*id)
        return {};
    const QString script = QStringLiteral(
        "BEGIN IMMEDIATE;"
        "DELETE FROM records WHERE sync = %1 AND key IN (SELECT key FROM record_changes WHERE sync = %1 AND removed = 1);"
        "INSERT OR REPLACE INTO records (sync, key, hash, source_hash, status, updated_at, payload, last_error)"
        "  SELECT sync, key, hash, source_hash, status, updated_at, payload, last_error FROM record_changes"
        "  WHERE sync = %1 AND removed = 0;"
        "DELETE FROM record_changes WHERE sync = %1;"
        "COMMIT;").arg(**id);
    if (auto done = m_db.exec(script); !done) {
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        return Error::io(QStringLiteral("journal %1: cannot fold the records of sync \"%2\": %3").arg(m_path, sync, done.error().message));
    }
    return {};
}

Result<bool> Journal::foldIfMany(const QString& sync)
{
    auto aside = changesAside(sync);
    if (!aside)
        return aside.error();
    if (*aside < foldThreshold)
        return false;
    if (auto folded = fold(sync); !folded)
        return folded.error();
    return true;
}

Result<void> Journal::useKeyOrder(const QString& sync, KeyCodec::Order order)
{
    if (!sqlite3_get_autocommit(m_db.get()))
        return error(QStringLiteral("the keys of sync \"%1\" cannot be re-encoded inside another transaction").arg(sync));
    auto id = syncId(sync, true);
    if (!id)
        return id.error();
    auto stored = statement("SELECT key_order FROM syncs WHERE id = ?1");
    if (!stored)
        return stored.error();
    sqlite3_bind_int64(*stored, 1, **id);
    if (sqlite3_step(*stored) != SQLITE_ROW)
        return error(QStringLiteral("cannot read the key order of sync \"%1\"").arg(sync));
    const QString current = columnText(*stored, 0);
    sqlite3_reset(*stored);
    if (current == KeyCodec::orderName(order))
        return {};
    if (auto folded = fold(sync); !folded) // one table to re-encode
        return folded;
    // Written in another order (an older Ebb, or the key column changed type): encode every
    // key of the sync anew, in one transaction, so the merge reads them in the new order.
    const QString script = QStringLiteral(
        "BEGIN IMMEDIATE;"
        "CREATE TEMP TABLE ebb_rekeyed AS SELECT * FROM records WHERE sync = %1;"
        "DELETE FROM records WHERE sync = %1;"
        "INSERT INTO records (sync, key, hash, source_hash, status, updated_at, payload, last_error)"
        "  SELECT sync, ebb_rekey(key, '%2'), hash, source_hash, status, updated_at, payload, last_error FROM temp.ebb_rekeyed"
        // Two keys that read as one (only a journal already mixing orders has them): which
        // state is right is unknown, so the key is sent again.
        "  WHERE true ON CONFLICT (sync, key) DO UPDATE SET status = 2, hash = 0, source_hash = 0,"
        "  last_error = 'two journaled keys became one when re-encoded';"
        "DROP TABLE temp.ebb_rekeyed;"
        "UPDATE syncs SET key_order = '%2' WHERE id = %1;"
        "COMMIT;").arg(**id).arg(KeyCodec::orderName(order));
    if (auto done = m_db.exec(script); !done) {
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        (void)m_db.exec(QStringLiteral("DROP TABLE IF EXISTS temp.ebb_rekeyed"));
        return Error::io(QStringLiteral("journal %1: cannot re-encode the keys of sync \"%2\" in %3 order: %4")
                             .arg(m_path, sync, KeyCodec::orderName(order), done.error().message));
    }
    return {};
}

Result<std::optional<qint64>> Journal::syncId(const QString& sync, bool create) const
{
    if (auto known = m_syncIds.constFind(sync); known != m_syncIds.cend())
        return std::optional<qint64>(*known);
    if (create) {
        auto add = statement("INSERT OR IGNORE INTO syncs (name) VALUES (?1)");
        if (!add)
            return add.error();
        bindText(*add, 1, sync);
        if (sqlite3_step(*add) != SQLITE_DONE)
            return error(QStringLiteral("cannot add sync \"%1\"").arg(sync));
    }
    auto find = statement("SELECT id FROM syncs WHERE name = ?1");
    if (!find)
        return find.error();
    bindText(*find, 1, sync);
    const ResetOnExit reset(*find);
    if (sqlite3_step(*find) != SQLITE_ROW)
        return std::optional<qint64>(); // no record of this sync yet
    const qint64 id = sqlite3_column_int64(*find, 0);
    m_syncIds.insert(sync, id); // a sync keeps its number: rows of syncs are never deleted
    return std::optional<qint64>(id);
}

qint64 Journal::timestamp()
{
    return m_now ? m_now : nowMs(); // outside a transaction: this record's own time
}

Result<void> Journal::removeRecord(const QString& sync, const QByteArray& key)
{
    auto id = syncId(sync, false);
    if (!id)
        return id.error();
    if (!*id)
        return {};
    auto stmt = m_aside ? statement("INSERT OR REPLACE INTO record_changes (sync, key, hash, source_hash, status, updated_at,"
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

Result<qint64> Journal::startRun(const QString& sync, const RunOptions& options)
{
    auto stmt = statement("INSERT INTO runs (sync, started_at, status, dry_run, full, forced) VALUES (?1, ?2, 'running', ?3, ?4, ?5)");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    bindText(*stmt, 2, now());
    sqlite3_bind_int(*stmt, 3, options.dryRun);
    sqlite3_bind_int(*stmt, 4, options.full);
    sqlite3_bind_int(*stmt, 5, options.force);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot start a run"));
    return qint64(sqlite3_last_insert_rowid(m_db.get()));
}

Result<void> Journal::finishRun(const RunReport& report)
{
    auto stmt = statement("UPDATE runs SET ended_at = ?2, status = ?3, queried = ?4, added = ?5, changed = ?6, removed = ?7,"
                          " unchanged = ?8, rejected = ?9, failed = ?10, sent = ?11, error = ?12 WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    const RunCounts& c = report.counts;
    sqlite3_bind_int64(*stmt, 1, report.runId);
    bindText(*stmt, 2, report.endedAt.toUTC().toString(Qt::ISODateWithMs));
    bindText(*stmt, 3, RunReport::statusName(report.status));
    int i = 4;
    for (const qint64 n : {c.queried, c.added, c.changed, c.removed, c.unchanged, c.rejected, c.failed, c.sent})
        sqlite3_bind_int64(*stmt, i++, n);
    if (report.error.isEmpty())
        sqlite3_bind_null(*stmt, 12);
    else
        bindText(*stmt, 12, report.error);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot finish a run"));
    return {};
}

Result<void> Journal::addReject(qint64 runId, const QString& sync, const Reject& reject)
{
    auto stmt = statement("INSERT INTO rejects (run_id, sync, key, field, rule, message, value, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, runId);
    bindText(*stmt, 2, sync);
    bindText(*stmt, 3, reject.key);
    bindText(*stmt, 4, reject.field);
    bindText(*stmt, 5, reject.rule);
    bindText(*stmt, 6, reject.message);
    bindText(*stmt, 7, reject.value);
    bindBlob(*stmt, 8, reject.payload);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot record a reject"));
    return {};
}

Result<void> Journal::addFailure(qint64 runId, const QString& sync, const QByteArray& key, const QString& message,
                                 const QByteArray& payload)
{
    auto stmt = statement("INSERT INTO failures (run_id, sync, key, message, payload) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, runId);
    bindText(*stmt, 2, sync);
    bindText(*stmt, 3, KeyCodec::text(key));
    bindText(*stmt, 4, message);
    bindBlob(*stmt, 5, payload);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot record a failure"));
    return {};
}

Result<QList<RunReport>> Journal::runs(const QString& sync, int limit) const
{
    auto stmt = statement("SELECT id, sync, started_at, ended_at, status, dry_run, full, forced, queried, added, changed,"
                          " removed, unchanged, rejected, failed, sent, error FROM runs"
                          " WHERE ?1 = '' OR sync = ?1 ORDER BY id DESC LIMIT ?2");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    sqlite3_bind_int(*stmt, 2, limit);
    QList<RunReport> result;
    while (sqlite3_step(*stmt) == SQLITE_ROW) {
        RunReport r;
        r.runId = sqlite3_column_int64(*stmt, 0);
        r.sync = columnText(*stmt, 1);
        r.startedAt = QDateTime::fromString(columnText(*stmt, 2), Qt::ISODateWithMs);
        r.endedAt = QDateTime::fromString(columnText(*stmt, 3), Qt::ISODateWithMs);
        r.status = RunReport::statusFromName(columnText(*stmt, 4));
        r.options = {sqlite3_column_int(*stmt, 5) != 0, sqlite3_column_int(*stmt, 6) != 0, sqlite3_column_int(*stmt, 7) != 0};
        qint64* counts[] = {&r.counts.queried, &r.counts.added, &r.counts.changed, &r.counts.removed,
                            &r.counts.unchanged, &r.counts.rejected, &r.counts.failed, &r.counts.sent};
        for (int i = 0; i < 8; ++i)
            *counts[i] = sqlite3_column_int64(*stmt, 8 + i);
        r.error = columnText(*stmt, 16);
        result << r;
    }
    return result;
}

Result<QList<Reject>> Journal::rejects(const QString& sync, qint64 runId) const
{
    // Failures share the shape: key, field, rule, message, value, payload.
    return problems("SELECT key, field, rule, message, value, payload FROM rejects WHERE sync = ?1 AND run_id ="
                    " CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT max(id) FROM runs WHERE sync = ?1) END ORDER BY rowid",
                    sync, runId);
}

Result<QList<Reject>> Journal::failures(const QString& sync, qint64 runId) const
{
    return problems("SELECT key, '', 'failed', message, '', payload FROM failures WHERE sync = ?1 AND run_id ="
                    " CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT max(id) FROM runs WHERE sync = ?1) END ORDER BY rowid",
                    sync, runId);
}

Result<QList<Reject>> Journal::problems(const char* sql, const QString& sync, qint64 runId) const
{
    auto stmt = statement(sql);
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    sqlite3_bind_int64(*stmt, 2, runId);
    QList<Reject> result;
    while (sqlite3_step(*stmt) == SQLITE_ROW)
        result << Reject{columnText(*stmt, 0), columnText(*stmt, 1), columnText(*stmt, 2), columnText(*stmt, 3),
                         columnText(*stmt, 4), columnBlob(*stmt, 5)};
    return result;
}

} // namespace Ebb
