#pragma once

#include "RunProblems.h"
#include "StatementCache.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/Result.h"
#include "models/RunReport.h"
#include "models/mapping/KeyCodec.h"
#include "models/mapping/Reject.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

namespace Ebb {

// .ebb/journal.sqlite: per sync, what each key last sent (hash, payload, status), and the
// history of runs; each run's rejects and failures are in a file of its own (RunProblems). WAL mode, so the GUI reads
// while a run writes; versioned migrations through PRAGMA user_version. A Journal object belongs to the thread that
// opened it.
class Journal
{
public:
    enum class Status { Synced, Pending /* sent, no answer */, Failed /* refused */ };
    struct Record
    {
        QByteArray key; // as KeyCodec encodes it; records are ordered by these bytes
        quint64 hash = 0;
        Status status = Status::Synced;
        quint64 sourceHash = 0; // RowHash of the source row last sent; 0: unknown
    };

    // Streams a sync's records in key order on a connection of its own, so the engine can
    // merge them against a key-ordered query while writing through the Journal.
    class RecordStream
    {
    public:
        virtual ~RecordStream() = default;
        virtual std::optional<Record> next() = 0;
    };

    // Where an incremental sync's next run starts: the cursor column's value as text, valid
    // only while the sync's query, key, cursor and mapping match `fingerprint`.
    struct Cursor
    {
        QString fingerprint;
        QString value;
    };

    static constexpr int schemaVersion = 9;

    static Result<std::unique_ptr<Journal>> open(const QString& path);
    // For commands that only read (runs, rejects, preview), which must work in a workspace one
    // may not write: a journal one cannot write is read as it is, and a missing one reads as
    // empty. A journal one can write is opened as open() does.
    static Result<std::unique_ptr<Journal>> openForReading(const QString& path);
    ~Journal();
    QString path() const { return m_path; }

    // Records keep keys as KeyCodec encodes them in the sync's key order. Before a run reads
    // records, it names the order its query sorts keys in; a sync journaled in another order
    // has its keys encoded anew (in one transaction, outside any other).
    Result<void> useKeyOrder(const QString& sync, KeyCodec::Order order);
    // The order the sync's keys are journaled in; nullopt when the sync has no record.
    Result<std::optional<KeyCodec::Order>> storedKeyOrder(const QString& sync) const;
    // With `order`, keys journaled in another order come re-encoded and sorted anew, without
    // writing (for a preview, which must not change the journal).
    Result<std::unique_ptr<RecordStream>> records(const QString& sync, std::optional<KeyCodec::Order> order = {}) const;
    Result<qint64> recordCount(const QString& sync) const;
    // This journal's random name (16 hex digits), made with it: what it keeps elsewhere (a
    // sync's state in the warehouse) is named after it.
    Result<QString> instance() const;
    Result<std::optional<Record>> record(const QString& sync, const QByteArray& key) const;
    Result<std::optional<Cursor>> cursor(const QString& sync) const;
    Result<void> setCursor(const QString& sync, const Cursor& cursor);
    Result<QByteArray> lastPayload(const QString& sync, const QByteArray& key) const;

    // A small run (an incremental read) writes its records aside, into a table of their own:
    // its changed keys are scattered over the whole key range, and writing them into a big
    // records table would dirty most of its pages. Lookups, counts and records() see both.
    // fold() moves them into the records; foldIfMany() does so once there are foldThreshold
    // of them (true when it folded): few enough that a lookup in them stays cheap, and folding
    // costs the journal no more than having written them in place. A run that reads the whole
    // query folds first. Neither may run inside another transaction. Writes in place must
    // come after a fold: a change aside shadows the record in place for the same key.
    static constexpr qint64 foldThreshold = 65536;
    void setWritesAside(bool aside) { m_aside = aside; }
    Result<qint64> changesAside(const QString& sync) const;
    Result<void> fold(const QString& sync);
    Result<bool> foldIfMany(const QString& sync);

    // Record changes go inside begin()/commit(): a batch's acknowledgements land together.
    Result<void> begin();
    Result<void> commit();
    void rollback();
    Result<void> markSynced(
        const QString& sync, const QByteArray& key, quint64 hash, const QByteArray& payload, quint64 sourceHash = 0);
    // The same for many records, several to a statement: a run records a million of them.
    struct Synced
    {
        const QByteArray* key;
        quint64 hash;
        const QByteArray* payload; // a null QByteArray stores NULL
        quint64 sourceHash;
    };
    Result<void> markSynced(const QString& sync, const std::vector<Synced>& records);
    enum class Failure { Refused, Pending };
    Result<void> markFailed(
        const QString& sync, const QByteArray& key, const QString& error, Failure kind = Failure::Refused);
    Result<void> removeRecord(const QString& sync, const QByteArray& key);

    // `startedAt`: the run's own start, so its seconds read the same in the journal's history
    // as in the report the run returns (invalid: now).
    Result<qint64> startRun(const QString& sync, const RunOptions& options, const QDateTime& startedAt = {});
    // Runs of `sync` still "running" become "interrupted"; only for the holder of the sync's
    // RunLock, which proves no process is running them.
    Result<void> markInterrupted(const QString& sync);
    Result<void> finishRun(const RunReport& report);
    Result<void> addReject(qint64 runId, const QString& sync, const Reject& reject);
    Result<void> addFailure(
        qint64 runId, const QString& sync, const QByteArray& key, const QString& message, const QByteArray& payload);
    Result<QList<RunReport>> runs(const QString& sync, int limit) const; // newest first; sync "" for all
    // The rejects of a run (the sync's latest run when runId is 0).
    // The sync run `runId` belongs to; empty when there is no such run.
    Result<QString> syncOfRun(qint64 runId) const;
    // `limit`: the first that many, for a reader that shows or quotes a few; -1: all.
    Result<QList<Reject>> rejects(const QString& sync, qint64 runId, int limit = -1) const;
    Result<QList<Reject>> failures(const QString& sync, qint64 runId, int limit = -1) const;
    // Forgets the rejects and failures of all but the sync's `keepRuns` newest runs (the runs
    // themselves, with their counts, stay): removes their files, and deletes those of runs from
    // before their own files from the journal, giving the freed pages back to the file system. Returns
    // how many files and journal rows went.
    Result<qint64> pruneRuns(const QString& sync, int keepRuns);

private:
    Journal(SqliteHandle db, QString path)
        : m_db(std::move(db))
        , m_path(std::move(path))
    {
    }
    Result<void> migrate();
    int autoVacuum() const; // PRAGMA auto_vacuum: 0 none, 1 full, 2 incremental; -1 unknown
    void convertToIncrementalVacuum();
    Result<sqlite3_stmt*> statement(const char* sql) const;
    // A run's rejects or failures: from its own file (RunProblems), or from the journal's tables
    // for runs recorded before their own files.
    Result<QList<Reject>> problems(const QString& sync, qint64 runId,
        Result<QList<Reject>> (RunProblems::*read)(int limit) const, const char* legacySql, int limit) const;
    QString problemsPath(qint64 runId) const;
    Result<RunProblems*> problemsOf(qint64 runId); // the run's file, opened for writing
    Result<void> closeProblems();
    Error error(const QString& what) const;

    SqliteHandle m_db;
    QString m_path;
    mutable StatementCache m_statements;
    // The number records carry for a sync; nullopt when it has none and `create` is false.
    Result<std::optional<qint64>> syncId(const QString& sync, bool create) const;
    qint64 timestamp();

    qint64 m_now = 0; // updated_at for the records of the current transaction (ms since the epoch)
    mutable QHash<QString, qint64> m_syncIds;
    bool m_aside = false; // record writes go to record_changes
    SqliteHandle::Mode m_readerMode = SqliteHandle::Mode::ReadOnly; // how records() opens its own connection
    std::unique_ptr<RunProblems> m_problems; // the file of the run being written
    qint64 m_problemsRun = 0;
    bool m_missing = false; // openForReading found no journal: every read is empty
};

} // namespace Ebb
