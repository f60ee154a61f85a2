#include "Journal.h"

#include "JournalSql.h"
#include "connectors/files/PrivateState.h"
#include "models/mapping/KeyCodec.h"

#include <QDateTime>
#include <QFileInfo>
#include <QThread>
#include <sqlite3.h>

namespace Ebb {

using namespace JournalSql;

namespace {

Journal::Status statusOf(int code)
{
    switch (code) {
    case Synced:
        return Journal::Status::Synced;
    case Pending:
        return Journal::Status::Pending;
    default:
        return Journal::Status::Failed;
    }
}

class SqliteRecordCursor : public Journal::RecordStream
{
public:
    SqliteRecordCursor(SqliteHandle db, SqliteStatement stmt)
        : m_db(std::move(db))
        , m_stmt(std::move(stmt))
    {
    }

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

// The records of a journal that does not exist (Journal::openForReading).
class NoRecords : public Journal::RecordStream
{
public:
    std::optional<Journal::Record> next() override { return std::nullopt; }
};

// ebb_rekey(key, order): a journaled key encoded for the other order (useKeyOrder, and
// records() reading a sync journaled in the other order).
void registerFunctions(sqlite3* db)
{
    sqlite3_create_function_v2(
        db, "ebb_rekey", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
        [](sqlite3_context* context, int, sqlite3_value** args) {
            const QByteArray key(static_cast<const char*>(sqlite3_value_blob(args[0])), sqlite3_value_bytes(args[0]));
            const auto order = KeyCodec::orderFromName(QString::fromUtf8(
                reinterpret_cast<const char*>(sqlite3_value_text(args[1])), sqlite3_value_bytes(args[1])));
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
    // Rejected values and payloads are personal data: the journal and its WAL are the user's
    // alone, and a symbolic link planted in a workspace's .ebb is never followed.
    const bool inMemory = path == QLatin1String(":memory:");
    if (!inMemory) {
        if (auto folder = PrivateState::ensureFolder(QFileInfo(path).absolutePath()); !folder)
            return folder.error();
        for (const char* suffix : {"", "-wal", "-shm"}) {
            if (auto file = PrivateState::checkFile(path + QLatin1String(suffix)); !file)
                return file.error();
        }
    }
    auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
    if (!db)
        return db.error();
    if (!inMemory)
        (void)PrivateState::checkFile(path); // a new journal: 0600 before anything is written to it
    std::unique_ptr<Journal> journal(new Journal(std::move(*db), path));
    // WAL: readers (the GUI) never block the writer (a run). NORMAL sync is durable at
    // each checkpoint and never corrupts; a crash loses at most the last commits, which
    // the destination's idempotent writes make good on the next run.
    // 16 KiB pages for a new journal (an existing one keeps its own): a rerun that changes
    // keys scattered over a big journal dirties fewer, larger pages, and each page costs a
    // read, two WAL writes and a checkpoint copy; the full run writes faster too.
    (void)journal->m_db.exec(QStringLiteral("PRAGMA page_size=16384"));
    // Before its first table, so a new journal can give back the room pruning frees.
    (void)journal->m_db.exec(QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL"));
    // Switching a new journal to WAL needs an exclusive lock. When two first runs open it at
    // once, each may hold a shared lock, and SQLite answers BUSY at once rather than wait (it
    // would deadlock): try again for as long as the busy timeout would have waited.
    for (int attempt = 0; attempt < 500; ++attempt) {
        const int rc = sqlite3_exec(journal->m_db.get(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        QThread::msleep(10);
    }
    if (auto pragmas = journal->m_db.exec(
            QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
        !pragmas)
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
    if (!inMemory)
        journal->convertToIncrementalVacuum();
    return journal;
}

Result<std::unique_ptr<Journal>> Journal::openForReading(const QString& path)
{
    const QFileInfo file(path);
    const bool writable = QFileInfo(file.absolutePath()).isWritable() && (!file.exists() || file.isWritable());
    if (writable)
        return open(path);
    if (!file.exists()) {
        // Nothing has run here, and nothing can: an empty journal in memory answers every read.
        auto empty = open(QStringLiteral(":memory:"));
        if (empty) {
            (*empty)->m_path = path;
            (*empty)->m_missing = true;
        }
        return empty;
    }
    // Read-only: SQLite reads a WAL journal through its index (-shm), which it may not create
    // here; when there is none, immutable is exact (no -wal either: every commit is in the file).
    for (const auto mode : {SqliteHandle::Mode::ReadOnly, SqliteHandle::Mode::Immutable}) {
        auto db = SqliteHandle::open(path, mode);
        if (!db)
            continue;
        std::unique_ptr<Journal> journal(new Journal(std::move(*db), path));
        journal->m_readerMode = mode;
        registerFunctions(journal->m_db.get());
        if (auto migrated = journal->migrate(); !migrated) {
            if (mode == SqliteHandle::Mode::Immutable)
                return Error::io(QStringLiteral("%1 (this workspace cannot be written)").arg(migrated.error().message));
            continue;
        }
        return journal;
    }
    return Error::io(QStringLiteral("journal %1: cannot be read").arg(path));
}

Result<sqlite3_stmt*> Journal::statement(const char* sql) const
{
    if (sqlite3_stmt* stmt = m_statements.get(m_db.get(), sql))
        return stmt;
    return error(QStringLiteral("cannot prepare %1").arg(QLatin1String(sql)));
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

Result<std::unique_ptr<Journal::RecordStream>> Journal::records(
    const QString& sync, std::optional<KeyCodec::Order> order) const
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
    if (m_missing)
        return std::unique_ptr<RecordStream>(std::make_unique<NoRecords>());
    auto db = SqliteHandle::open(m_path, m_readerMode);
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
    const QByteArray sql = reencode
        ? "SELECT ebb_rekey(key, ?2) AS k, hash, status, source_hash FROM (" + source + ") ORDER BY k"
        : source + " ORDER BY key";
    if (sqlite3_prepare_v2(db->get(), sql.constData(), int(sql.size()), &raw, nullptr) != SQLITE_OK)
        return Error::io(QStringLiteral("journal %1: %2").arg(m_path, db->lastError()));
    SqliteStatement stmt(raw);
    bindText(raw, 1, sync);
    if (reencode)
        bindText(raw, 2, KeyCodec::orderName(*order));
    return std::unique_ptr<RecordStream>(std::make_unique<SqliteRecordCursor>(std::move(*db), std::move(stmt)));
}

Result<QString> Journal::instance() const
{
    auto stmt = statement("SELECT value FROM journal_info WHERE name = 'instance'");
    if (!stmt)
        return stmt.error();
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW)
        return error(QStringLiteral("cannot read the journal's name"));
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(*stmt, 0)));
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
    auto stmt = statement(
        "SELECT key, hash, status, source_hash FROM record_changes WHERE sync = ?1 AND key = ?2 AND removed = 0"
        " UNION ALL SELECT key, hash, status, source_hash FROM records WHERE sync = ?1 AND key = ?2"
        " AND NOT EXISTS (SELECT 1 FROM record_changes WHERE sync = ?1 AND key = ?2) LIMIT 1");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, **id);
    sqlite3_bind_blob(*stmt, 2, key.constData(), int(key.size()), SQLITE_STATIC);
    std::optional<Record> found;
    if (sqlite3_step(*stmt) == SQLITE_ROW)
        found = Record{columnBlob(*stmt, 0), quint64(sqlite3_column_int64(*stmt, 1)),
            statusOf(sqlite3_column_int(*stmt, 2)), quint64(sqlite3_column_int64(*stmt, 3))};
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
    auto stmt
        = statement("INSERT INTO cursors (sync, fingerprint, value, updated_at) VALUES (?1, ?2, ?3, ?4) "
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
    // Problems added before this transaction stand on their own; those added inside it go
    // with it (commit() or rollback()).
    if (m_problems) {
        if (auto committed = m_problems->commit(); !committed)
            return committed;
    }
    if (auto done = m_db.exec(QStringLiteral("BEGIN IMMEDIATE")); !done)
        return error(QStringLiteral("cannot begin a transaction"));
    m_now = nowMs(); // one timestamp for the batch's records
    return {};
}

Result<void> Journal::commit()
{
    m_now = 0;
    // The reasons first: a record marked rejected or failed never lacks its reason.
    if (m_problems) {
        if (auto committed = m_problems->commit(); !committed) {
            rollback();
            return committed;
        }
    }
    if (auto done = m_db.exec(QStringLiteral("COMMIT")); !done)
        return error(QStringLiteral("cannot commit"));
    return {};
}

void Journal::rollback()
{
    m_now = 0;
    m_syncIds.clear(); // a sync added in the transaction is gone with it
    if (m_problems)
        m_problems->rollback();
    (void)m_db.exec(QStringLiteral("ROLLBACK")); // nothing to do if there was no transaction
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
        return error(
            QStringLiteral("the records of sync \"%1\" cannot be folded inside another transaction").arg(sync));
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
        "DELETE FROM records WHERE sync = %1 AND key IN (SELECT key FROM record_changes WHERE sync = %1 AND removed = "
        "1);"
        "INSERT OR REPLACE INTO records (sync, key, hash, source_hash, status, updated_at, payload, last_error)"
        "  SELECT sync, key, hash, source_hash, status, updated_at, payload, last_error FROM record_changes"
        "  WHERE sync = %1 AND removed = 0;"
        "DELETE FROM record_changes WHERE sync = %1;"
        "COMMIT;")
                               .arg(**id);
    if (auto done = m_db.exec(script); !done) {
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        return Error::io(QStringLiteral("journal %1: cannot fold the records of sync \"%2\": %3")
                             .arg(m_path, sync, done.error().message));
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
        return error(
            QStringLiteral("the keys of sync \"%1\" cannot be re-encoded inside another transaction").arg(sync));
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
    const QString script
        = QStringLiteral("BEGIN IMMEDIATE;"
                         "CREATE TEMP TABLE ebb_rekeyed AS SELECT * FROM records WHERE sync = %1;"
                         "DELETE FROM records WHERE sync = %1;"
                         "INSERT INTO records (sync, key, hash, source_hash, status, updated_at, payload, last_error)"
                         "  SELECT sync, ebb_rekey(key, '%2'), hash, source_hash, status, updated_at, payload, "
                         "last_error FROM temp.ebb_rekeyed"
                         // Two keys that read as one (only a journal already mixing orders has them): which
                         // state is right is unknown, so the key is sent again.
                         "  WHERE true ON CONFLICT (sync, key) DO UPDATE SET status = 2, hash = 0, source_hash = 0,"
                         "  last_error = 'two journaled keys became one when re-encoded';"
                         "DROP TABLE temp.ebb_rekeyed;"
                         "UPDATE syncs SET key_order = '%2' WHERE id = %1;"
                         "COMMIT;")
              .arg(**id)
              .arg(KeyCodec::orderName(order));
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

} // namespace Ebb
