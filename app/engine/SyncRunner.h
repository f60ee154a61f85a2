#pragma once

#include "DiffStage.h"
#include "Guards.h"
#include "LockedObserver.h"
#include "ReadPlan.h"
#include "RunObserver.h"
#include "WarehouseChangeRead.h"
#include "app/journal/Journal.h"
#include "connectors/destinations/Destination.h"
#include "connectors/warehouse/WarehouseConnector.h"
#include "models/Result.h"
#include "models/RunReport.h"
#include "models/Workspace.h"
#include "models/mapping/Mapper.h"

#include <QFile>
#include <atomic>
#include <mutex>
#include <optional>

namespace Ebb {

class RequestLog;

class BatchWriter;
class ChangeSpool;
class ReadPlan;
class RowStream;
class WriterThread;

// One run of one sync, start to end, on the calling thread: lock, extract (key-ordered),
// map, validate, diff against the journal, check guards, dispatch, commit, report.
// It opens its own warehouse, destination and journal connections.
class SyncRunner
{
public:
    SyncRunner(Workspace workspace, SyncSpec sync, RunOptions options, RunObserver* observer = nullptr,
        const std::atomic_bool* cancel = nullptr);
    ~SyncRunner();

    // Never throws; a failure is a report with status Failed and the reason in `error`.
    RunReport run();

    // The exit code ARCHITECTURE.md gives a finished run.
    static int exitCode(const RunReport& report);

private:
    // What a run reads from and writes to, made ready.
    struct Endpoints
    {
        Guards guards;
        std::unique_ptr<WarehouseConnector> warehouse;
        std::unique_ptr<Destination> destination;
        DestinationSchema schema;
        // The destination is a table in the SQLite file the query reads: the read must end
        // before the first write (SQLite lets no one commit while a reader holds the file).
        bool readsItsOwnFile = false;
    };

    // How a run reads: the plan (whole or incremental), the warehouse's rows already coming,
    // and the mapping compiled for them.
    struct ReadSetup
    {
        RunOptions options; // the run's, a test row reading everything
        std::optional<ReadPlan> plan;
        bool byKeyLookup = false; // incremental or a test row: other keys are looked up, not merged
        std::unique_ptr<RowStream> cursor;
        std::optional<Mapper> mapper;
        QList<Column> described; // the query's columns, as the warehouse described them
        std::unique_ptr<WarehouseChangeRead> changes; // with change detection in the warehouse
    };

    Error inSyncFile(Error error) const;
    // A freshness guard needs a column of the query that holds dates.
    Result<void> checkFreshnessColumn(const Guards& guards, const QList<Column>& columns) const;
    // How many of a run's changes go to the destination.
    qint64 toSend(const RunCounts& counts) const;
    Result<void> execute(RunReport& report);
    // Opens the journal, records the run's start and opens its log file.
    Result<void> startRun(RunReport& report);
    // Parses the guards, connects the warehouse and the destination, reads its schema.
    Result<Endpoints> connect();
    // Describes the query, readies the journal for its key order, plans the read (whole or
    // incremental), starts it and compiles the mapping for its columns; checks the match field.
    Result<ReadSetup> prepareRead(const Guards& guards, WarehouseConnector& warehouse, const DestinationSchema& schema);
    // Streams the query's rows through the diff, reporting progress, until the rows end or
    // the writer stops.
    Result<void> readAll(RowStream& cursor, DiffStage& diff, const BatchWriter& writer, const WriterThread* pipeline);
    // After a run that finished: moves the incremental cursor on, folds records written aside.
    Result<void> conclude(const ReadPlan& plan, bool byKeyLookup, const DiffStage& diff, const RunCounts& writerCounts);
    // The destination's part of a run: where its requests are kept, the cancel flag, checks.
    void prepareDestination(Destination& destination, qint64 runId);
    // The diff's settings for this run's read and destination; `jsonOnWriter`: added rows'
    // JSON is left to the writer's thread (changes go straight to it, not to a spool, and it
    // writes in process, so it has the time).
    DiffStage::Settings diffSettings(
        const ReadSetup& read, const DestinationSchema& schema, const Guards& guards, bool jsonOnWriter) const;
    // What the destination says once it finished (a summary for the log, its API usage).
    void hearDestination(const Destination& destination, RunReport& report);
    // Guards look at the whole run before anything is sent: why it must stop, if it must.
    Result<std::optional<QString>> guardViolation(const Guards& guards, const ReadPlan& plan, const DiffStage& diff,
        const Journal& journal, WarehouseConnector& warehouse, const RunCounts& counts);
    // A spooled run (guards, or a dry run) once the diff has seen every row: the guards
    // (`guards`, null when none apply) stop it, a dry run ends there (false), else its changes
    // are sent (true: the writer finishes next).
    Result<bool> releaseSpooled(const Guards* guards, const ReadPlan& plan, const DiffStage& diff,
        WarehouseConnector& warehouse, const RunCounts& counts, ChangeSpool& spool, BatchWriter& writer);
    // Sends what a spooled run (guards, no dry run) collected, once the guards let it.
    Result<void> sendSpooled(ChangeSpool& spool, BatchWriter& writer);
    void log(LogLevel level, const QString& text);
    // The run's observer, safe to call from the writer's thread too; null when none.
    RunObserver* observer() { return m_observer ? &m_lockedObserver : nullptr; }

    Workspace m_workspace;
    SyncSpec m_sync;
    RunOptions m_options;
    RunObserver* m_observer;
    LockedObserver m_lockedObserver{m_observer, m_sync.id};
    const std::atomic_bool* m_cancel;
    QFile m_runLog; // .ebb/logs/runs/<run-id>.log
    std::unique_ptr<RequestLog> m_requestLog; // .ebb/problems/run-<id>.requests.jsonl, for HTTP destinations
    // Change detection in the warehouse, not every row read: the guards ask it for the figures
    // of the whole query (m_described: its columns).
    bool m_partialRead = false;
    QList<Column> m_described;
    std::mutex m_logMutex;
    std::unique_ptr<Journal> m_journal; // the run's own connection, kept open until its row is written
};

} // namespace Ebb
