#include "SyncRunner.h"

#include "Alerter.h"
#include "BatchWriter.h"
#include "ChangeSpool.h"
#include "DiffStage.h"
#include "Guards.h"
#include "ReadPlan.h"
#include "RunLock.h"
#include "WarehouseChangeRead.h"
#include "WriterThread.h"
#include "app/journal/Journal.h"
#include "app/logging/LogRedactor.h"
#include "connectors/destinations/DestinationFactory.h"
#include "connectors/files/PrivateState.h"
#include "connectors/http/RequestLog.h"
#include "connectors/warehouse/WarehouseFactory.h"

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

constexpr int extractBatchRows = 5000;

} // namespace

SyncRunner::SyncRunner(
    Workspace workspace, SyncSpec sync, RunOptions options, RunObserver* observer, const std::atomic_bool* cancel)
    : m_workspace(std::move(workspace))
    , m_sync(std::move(sync))
    , m_options(options)
    , m_observer(observer)
    , m_cancel(cancel)
{
}

SyncRunner::~SyncRunner() = default;

void SyncRunner::log(LogLevel level, const QString& text)
{
    const std::lock_guard lock(m_logMutex); // the writer's thread logs too
    const std::string line = QStringLiteral("[%1] %2").arg(m_sync.id, text).toStdString();
    if (m_runLog.isOpen()) {
        // One line a message: the redactor escapes line breaks inside it, so data cannot forge lines.
        const QString stamped
            = QStringLiteral("%1 [%2] %3")
                  .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), logLevelName(level), text);
        m_runLog.write(QByteArray::fromStdString(LogRedactor::redact(stamped.toStdString())) + '\n');
        m_runLog.flush();
    }
    switch (level) {
    case LogLevel::Error:
        spdlog::error(line);
        break;
    case LogLevel::Warning:
        spdlog::warn(line);
        break;
    case LogLevel::Debug:
        spdlog::debug(line);
        break;
    case LogLevel::Info:
        spdlog::info(line);
        break;
    }
    if (RunObserver* o = observer())
        o->onLog(level, text);
}

qint64 SyncRunner::toSend(const RunCounts& counts) const
{
    // Keys that left the query go to the destination only in mirror mode; elsewhere the
    // journal just forgets them.
    return counts.added + counts.changed + (m_sync.mode == SyncMode::Mirror ? counts.removed : 0);
}

Error SyncRunner::inSyncFile(Error error) const
{
    // A problem with the sync's settings found only at run time ("$.destination.matchField: …")
    // still names the file to fix.
    if (error.category != Error::Category::Config)
        return error;
    QStringList lines = error.message.split(QLatin1Char('\n')); // one problem a line
    for (QString& line : lines) {
        if (!line.startsWith(QLatin1String("syncs/")))
            line = QStringLiteral("syncs/%1.json: %2").arg(m_sync.id, line);
    }
    error.message = lines.join(QLatin1Char('\n'));
    return error;
}

int SyncRunner::exitCode(const RunReport& report)
{
    switch (report.status) {
    case RunReport::Status::Succeeded:
        return report.counts.rejected + report.counts.failed > 0 ? 3 : 0;
    case RunReport::Status::Partial:
        return 3;
    case RunReport::Status::Stopped:
        return 2;
    default:
        return report.badConfiguration ? 2 : 1;
    }
}

RunReport SyncRunner::run()
{
    RunReport report;
    report.sync = m_sync.id;
    report.options = m_options;
    report.startedAt = QDateTime::currentDateTimeUtc();
    auto lock = RunLock::acquire(m_workspace.stateDir(), m_sync.id);
    if (!lock) {
        report.status = RunReport::Status::Failed;
        report.error = lock.error().message;
        report.endedAt = QDateTime::currentDateTimeUtc();
        return report;
    }
    const Result<void> result = execute(report);
    report.endedAt = QDateTime::currentDateTimeUtc();
    if (!result) {
        report.status = result.error().category == Error::Category::Guard ? RunReport::Status::Stopped
                                                                          : RunReport::Status::Failed;
        report.error = result.error().message;
        report.badConfiguration
            = result.error().category == Error::Category::Config || result.error().category == Error::Category::Secret;
        if (report.status == RunReport::Status::Failed && !result.error().detail.isEmpty())
            report.error += QLatin1Char('\n') + result.error().detail;
        log(LogLevel::Error, report.error);
    } else if (report.status == RunReport::Status::Running) {
        report.status = report.counts.failed > 0 ? RunReport::Status::Partial : RunReport::Status::Succeeded;
    }
    // The run's row in the journal is written last, on a fresh connection if need be.
    if (report.runId > 0 && (!m_journal || !m_journal->finishRun(report))) {
        m_journal.reset();
        if (auto journal = Journal::open(QDir(m_workspace.stateDir()).filePath(QStringLiteral("journal.sqlite"))))
            (void)(*journal)->finishRun(report);
    }
    // Still holding the sync's lock: no other run of it writes rejects meanwhile.
    if (m_journal && report.runId > 0) {
        if (auto pruned = m_journal->pruneRuns(m_sync.id, m_workspace.keepRuns); !pruned)
            log(LogLevel::Warning, pruned.error().message); // the journal only stays larger
    }
    m_journal.reset(); // closing the last connection checkpoints the WAL
    log(LogLevel::Info,
        QStringLiteral("%1 in %2 s: %3 queried, %4 added, %5 changed, %6 removed, %7 unchanged, %8 rejected, %9 failed")
            .arg(RunReport::statusName(report.status))
            .arg(report.seconds(), 0, 'f', 2)
            .arg(report.counts.queried)
            .arg(report.counts.added)
            .arg(report.counts.changed)
            .arg(report.counts.removed)
            .arg(report.counts.unchanged)
            .arg(report.counts.rejected)
            .arg(report.counts.failed));
    // A sync that goes wrong (or recovers) says so on its alert webhook, once per change.
    Alerter::afterRun(m_workspace, m_sync, report, [this](LogLevel level, const QString& text) { log(level, text); });
    m_runLog.close();
    return report;
}

Result<void> SyncRunner::startRun(RunReport& report)
{
    if (auto made = PrivateState::ensureFolder(m_workspace.stateDir()); !made)
        return made.error();
    auto opened = Journal::open(QDir(m_workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
    if (!opened)
        return opened.error();
    m_journal = std::move(*opened);
    // This process holds the sync's lock: a run still "running" died with its process.
    if (auto marked = m_journal->markInterrupted(m_sync.id); !marked)
        return marked.error();
    auto runId = m_journal->startRun(m_sync.id, m_options, report.startedAt);
    if (!runId)
        return runId.error();
    report.runId = *runId;
    const QString runLogs = QDir(m_workspace.logDir()).filePath(QStringLiteral("runs"));
    // The run goes on without its own log file if it cannot have one (never through a link).
    if (PrivateState::ensureFolder(runLogs)) {
        if (auto fd = PrivateState::openAppend(QDir(runLogs).filePath(QStringLiteral("%1.log").arg(report.runId))))
            (void)m_runLog.open(*fd, QIODevice::WriteOnly | QIODevice::Append, QFileDevice::AutoCloseHandle);
    }
    log(LogLevel::Info,
        QStringLiteral("run %1 started%2%3%4%5")
            .arg(report.runId)
            .arg(m_options.dryRun ? QStringLiteral(" (dry run)") : QString(),
                m_options.full ? QStringLiteral(" (full)") : QString(),
                m_options.force ? QStringLiteral(" (forced)") : QString(),
                m_options.onlyKey.isNull() ? QString()
                                           : QStringLiteral(" (test row: key %1 only)").arg(m_options.onlyKey)));

    return {};
}

Result<SyncRunner::Endpoints> SyncRunner::connect()
{
    Endpoints endpoints;
    auto guards = Guards::parse(m_sync.guards);
    if (!guards)
        return inSyncFile(Error::config(guards.error().message));
    endpoints.guards = *guards;
    const ConnectionSpec* source = m_workspace.connection(m_sync.sourceConnection);
    if (!source)
        return Error::config(
            QStringLiteral("sync \"%1\": no connection \"%2\"").arg(m_sync.id, m_sync.sourceConnection));
    auto warehouse = WarehouseFactory::create(m_workspace, *source);
    if (!warehouse)
        return warehouse.error();
    auto destination = DestinationFactory::create(m_workspace, m_sync);
    if (!destination)
        return destination.error();
    auto schema = (*destination)->schema();
    if (!schema)
        return inSyncFile(schema.error());
    endpoints.warehouse = std::move(*warehouse);
    endpoints.destination = std::move(*destination);
    endpoints.schema = *schema;
    const ConnectionSpec* target = m_workspace.connection(m_sync.destinationConnection);
    const QString sqlite = QStringLiteral("sqlite"), pathKey = QStringLiteral("path");
    if (target && source->kind == sqlite && target->kind == sqlite) {
        const QString read = QFileInfo(m_workspace.resolvePath(source->string(pathKey))).canonicalFilePath();
        endpoints.readsItsOwnFile = !read.isEmpty()
            && read == QFileInfo(m_workspace.resolvePath(target->string(pathKey))).canonicalFilePath();
    }
    if (!schema->modes.contains(m_sync.mode))
        return inSyncFile(
            Error::config(QStringLiteral("$.destination.mode: %1 does not support \"%2\" (it supports %3)")
                              .arg(m_sync.destinationConnection, syncModeName(m_sync.mode),
                                  syncModeNames(schema->modes).join(QLatin1String(", ")))));
    return endpoints;
}

Result<SyncRunner::ReadSetup> SyncRunner::prepareRead(
    const Guards& guards, WarehouseConnector& warehouse, const DestinationSchema& schema)
{
    Journal& journal = *m_journal;
    ReadSetup read;
    if (m_sync.changeDetection == SyncSpec::ChangeDetection::Warehouse && !warehouse.keepsChangeState())
        return inSyncFile(warehouse.changeState({}, {}, {}, {}, {}).error()); // says which warehouses can
    auto columns = warehouse.describe(m_sync.query);
    if (!columns)
        return columns.error();
    if (auto fresh = checkFreshnessColumn(guards, *columns); !fresh)
        return fresh.error();
    auto described = Mapper::compile(m_sync, *columns);
    if (!described)
        return inSyncFile(Error::config(described.error().message));
    // Keys sort (and are journaled) as this warehouse compares the key column's type.
    described->setKeyOrder(warehouse.keyOrder((*columns)[described->keyColumn()].type));
    // The journal is made ready before the warehouse starts sending: keys in the order the
    // warehouse will sort them, and for a run that reads everything, one table of records
    // (it merges with every record and writes in place).
    if (auto ordered = journal.useKeyOrder(m_sync.id, described->keyOrder()); !ordered)
        return ordered.error();
    // A test row reads the whole query (not from a saved cursor) and sends its row even if
    // unchanged (as --full does), yet looks other keys up by key, so none counts as removed.
    const bool testRow = !m_options.onlyKey.isNull();
    RunOptions readOptions = m_options;
    readOptions.full = m_options.full || testRow;
    auto plan = ReadPlan::make(m_sync, readOptions, *columns, described->fingerprint(), journal);
    if (!plan)
        return plan.error();
    // With change detection in the warehouse, the rows that come are the added and changed
    // ones: like an incremental read's, each is looked up in the journal by its key.
    const bool inWarehouse = m_sync.changeDetection == SyncSpec::ChangeDetection::Warehouse && !testRow;
    bool byKeyLookup = plan->incremental() || testRow;
    // A merge with every record: they are folded into one table first.
    const auto fold = [&]() -> Result<void> { return byKeyLookup ? Result<void>() : journal.fold(m_sync.id); };
    if (!inWarehouse) {
        if (auto folded = fold(); !folded)
            return folded.error();
    }
    read.described = *columns;
    auto cursor = [&]() -> Result<std::unique_ptr<RowStream>> {
        if (inWarehouse) {
            auto opened = WarehouseChangeRead::open(m_workspace, m_sync, journal, warehouse, read.described,
                described->fingerprint(), readOptions.full,
                [this](LogLevel level, const QString& text) { log(level, text); });
            if (!opened)
                return opened.error();
            read.changes = std::move(*opened);
            byKeyLookup = !read.changes->mergesWithJournal();
            // Not every row read: the guards ask the warehouse for the whole query's figures.
            m_partialRead = byKeyLookup;
            m_described = read.described;
            return read.changes->takeRows();
        }
        plan->proveUniqueKey(warehouse);
        log(LogLevel::Info, plan->describe());
        return plan->open(warehouse);
    }();
    if (!cursor)
        return cursor.error();
    if (inWarehouse) { // whether it merges was known once the warehouse's state was
        if (auto folded = fold(); !folded)
            return folded.error();
    }
    auto mapper = Mapper::compile(m_sync, (*cursor)->columns());
    if (!mapper)
        return inSyncFile(Error::config(mapper.error().message));
    // The warehouse sorts keys by the type it described; the cursor may type them otherwise.
    mapper->setKeyOrder(described->keyOrder());
    if (auto matched = checkMatchField(schema, m_sync.matchField, m_sync.mode, mapper->targets().get()); !matched)
        return inSyncFile(matched.error());
    read.options = readOptions;
    read.byKeyLookup = byKeyLookup;
    read.plan.emplace(std::move(*plan));
    read.cursor = std::move(*cursor);
    read.mapper.emplace(std::move(*mapper));
    return read;
}

void SyncRunner::prepareDestination(Destination& destination, qint64 runId)
{
    // What an HTTP destination is sent and answers, kept with the run's rejects (and pruned
    // with them); a run goes on without it if the file cannot be made.
    if (!m_options.dryRun) {
        m_requestLog = std::make_unique<RequestLog>(RequestLog::pathFor(m_workspace.stateDir(), runId));
        destination.setRequestLog(m_requestLog.get());
    }
    destination.setCancel(m_cancel);
    destination.setRecordsChecked(m_options.validate); // the diff validates what it hands over
}

DiffStage::Settings SyncRunner::diffSettings(
    const ReadSetup& read, const DestinationSchema& schema, const Guards& guards, bool jsonOnWriter) const
{
    DiffStage::Settings settings;
    settings.sync = m_sync.id;
    settings.mode = m_sync.mode;
    settings.matchField = m_sync.matchField;
    settings.full = read.options.full;
    settings.partialUpdates = schema.partialUpdates;
    settings.partialUpserts = schema.partialUpserts;
    settings.freshnessColumn = guards.freshnessColumn;
    settings.incremental = read.byKeyLookup;
    settings.cursorColumn = m_sync.cursorColumn;
    settings.matchValueRequired
        = !schema.acceptsAnyField && !m_sync.matchField.isEmpty() && m_sync.mode != SyncMode::Insert;
    settings.onlyKey = m_options.onlyKey;
    settings.jsonOnWriter = jsonOnWriter;
    if (read.changes)
        read.changes->adjust(settings);
    return settings;
}

void SyncRunner::hearDestination(const Destination& destination, RunReport& report)
{
    // What the destination has to say about the run (Salesforce: the org's API usage).
    if (const QString summary = destination.summary(); !summary.isEmpty())
        log(LogLevel::Info, summary);
    report.apiUsage = destination.apiUsage();
}

Result<void> SyncRunner::execute(RunReport& report)
{
    if (auto started = startRun(report); !started)
        return started;
    Journal& journal = *m_journal;
    auto connected = connect();
    if (!connected)
        return connected.error();
    const Guards& guards = connected->guards;
    WarehouseConnector& warehouse = *connected->warehouse;
    Destination& destination = *connected->destination;
    const DestinationSchema& schema = connected->schema;
    prepareDestination(destination, report.runId);

    auto prepared = prepareRead(connected->guards, warehouse, schema);
    if (!prepared)
        return prepared.error();
    ReadSetup& read = *prepared;
    const ReadPlan& plan = *read.plan;
    const Mapper& mapper = *read.mapper;
    const bool byKeyLookup = read.byKeyLookup;
    const bool testRow = !m_options.onlyKey.isNull();
    DestinationSchema unchecked; // validation off: any field, any value
    unchecked.acceptsAnyField = true;
    const PayloadValidator validator(m_options.validate ? schema : unchecked, *mapper.targets(), m_sync.mode);

    std::unique_ptr<Journal::RecordStream> records;
    if (!byKeyLookup) {
        auto all = journal.records(m_sync.id);
        if (!all)
            return all.error();
        records = std::move(*all);
    }

    // Guards must see the whole run before anything is sent, so with guards (and for a dry
    // run, and a table in the file being read) changes go to a spool first; without, they
    // stream straight to the destination.
    // A test row is one record its user chose to send: the guards, there against mass change,
    // do not stand in its way.
    const bool guarded = guards.any() && !testRow;
    const bool spooled = guarded || m_options.dryRun || connected->readsItsOwnFile;
    std::unique_ptr<ChangeSpool> spool;
    if (spooled) {
        auto created = ChangeSpool::create(QDir(m_workspace.stateDir()).filePath(QStringLiteral("tmp")));
        if (!created)
            return created.error();
        spool = std::move(*created);
    }
    // The writer's counts (sent, failed) join the report when the run is over, whatever way
    // it ends; the writer's thread, if any, has been joined by then.
    RunCounts writerCounts;
    const auto keepCounts = qScopeGuard([&] {
        report.counts.sent = writerCounts.sent;
        report.counts.failed = writerCounts.failed;
    });
    // The journal keeps what was sent where a later run needs it: the fields that changed
    // (partial updates), or the match field's value to delete by (a mirror matching on one).
    const bool keepPayloads
        = schema.partialUpdates || (m_sync.mode == SyncMode::Mirror && !m_sync.matchField.isEmpty());
    // An incremental run's changes are usually few and scattered: they go aside
    // (Journal::setWritesAside), and are folded in once there are many.
    journal.setWritesAside(byKeyLookup);
    const auto writeInPlaceAgain = qScopeGuard([&] { journal.setWritesAside(false); });
    BatchWriter writer(destination, journal, m_sync.id, report.runId, schema.maxBatchSize, keepPayloads, writerCounts,
        observer(), m_cancel);
    writer.setLogger([this](LogLevel level, const QString& text) { log(level, text); });
    // Streaming, the writer sends and journals on a thread of its own while this one reads,
    // maps and diffs; the diff then reads the journal through a connection of its own.
    std::unique_ptr<Journal> diffJournal;
    std::optional<WriterThread> pipeline;
    if (!spooled) {
        auto reader = Journal::open(journal.path());
        if (!reader)
            return reader.error();
        diffJournal = std::move(*reader);
        if (auto began = writer.begin(); !began)
            return inSyncFile(began.error());
        pipeline.emplace(writer, journal, m_sync.id, report.runId, schema.maxBatchSize);
        pipeline->start();
    }
    const auto abortWriting = [&] {
        if (pipeline)
            pipeline->abort();
        else
            writer.abort();
    };

    DiffStage diff(
        diffSettings(read, schema, guards, !spooled && !destination.waitsOnWrites()), mapper, validator,
        diffJournal ? diffJournal.get() : &journal, std::move(records),
        [&](Change&& change) -> Result<void> {
            if (spool)
                return spool->append(change);
            return pipeline->add(std::move(change));
        },
        [&](Reject&& reject) -> Result<void> {
            if (RunObserver* o = observer())
                o->onReject(reject);
            if (pipeline)
                return pipeline->addReject(std::move(reject));
            return journal.addReject(report.runId, m_sync.id, reject);
        });

    // Whatever way the run ends, its report shows what the diff saw (the writer's counts are
    // added after this, by keepCounts).
    const auto diffCounts = [&] {
        report.counts = diff.counts();
        if (read.changes)
            read.changes->countQuery(report.counts);
    };
    const auto keepDiffCounts = qScopeGuard(diffCounts);
    if (read.changes) {
        // Unchanged rows the warehouse sent anyway (a source column no mapping reads changed):
        // its state learns their hash, so they stay there next time.
        ChangeState& state = read.changes->state();
        diff.setUnchangedSink(
            [&state](const QByteArray& key, quint64 hash) { state.acknowledge(KeyCodec::text(key), qint64(hash)); });
        writer.setChangeState(&state);
    }
    if (auto streamed = readAll(*read.cursor, diff, writer, pipeline ? &*pipeline : nullptr); !streamed) {
        abortWriting();
        return streamed;
    }
    // A read the writer stopped (cancelled, failed) did not see every row: the keys it did not
    // read have not left, nor are the rows it did not read unchanged.
    if (read.changes && !(pipeline && pipeline->stopped())) {
        if (auto removed = read.changes->removeLeftKeys(warehouse, mapper.keyOrder(), diff, m_cancel); !removed) {
            abortWriting();
            return removed;
        }
    }
    diffCounts();

    if (spooled) {
        auto released
            = releaseSpooled(guarded ? &guards : nullptr, plan, diff, warehouse, report.counts, *spool, writer);
        if (!released)
            return released.error();
        if (!*released)
            return {}; // a dry run: nothing more to do
    }
    const auto finished = pipeline ? pipeline->finish() : writer.finish();
    if (read.changes && finished) { // what was found unchanged since the writer's last flush
        if (auto stated = read.changes->state().flush(); !stated)
            log(LogLevel::Warning, stated.error().message);
    }
    hearDestination(destination, report);
    if (!finished) {
        abortWriting();
        return finished;
    }
    // Cancelled between batches, or inside the last one (a destination that waits: its
    // records stay pending).
    if (writer.cancelled() || (m_cancel && m_cancel->load())) {
        report.status = RunReport::Status::Cancelled;
        log(LogLevel::Warning, QStringLiteral("cancelled; unsent records stay pending for the next run"));
        return {};
    }
    return conclude(plan, byKeyLookup, diff, writerCounts);
}

Result<void> SyncRunner::readAll(
    RowStream& cursor, DiffStage& diff, const BatchWriter& writer, const WriterThread* pipeline)
{
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        auto batch = cursor.next(extractBatchRows);
        if (!batch)
            return batch.error();
        if (batch->rowCount() == 0)
            break;
        if (auto consumed = diff.consume(*batch); !consumed)
            return inSyncFile(consumed.error());
        if (RunObserver* o = observer()) {
            RunProgress progress;
            progress.phase = QStringLiteral("diff");
            progress.counts = diff.counts();
            progress.counts.sent = writer.sentSoFar();
            progress.rowsPerSecond = diff.counts().queried / std::max(0.001, clock.elapsed() / 1000.0);
            o->onProgress(progress);
        }
        if (pipeline && pipeline->stopped())
            return {}; // cancelled or failed: finishing the writer says which. Not diff.finish():
                       // the keys not read yet are not "removed".
    }
    return diff.finish();
}

Result<void> SyncRunner::conclude(
    const ReadPlan& plan, bool byKeyLookup, const DiffStage& diff, const RunCounts& writerCounts)
{
    Journal& journal = *m_journal;
    // The cursor moves on only when every row read got where it was going (or was rejected,
    // to be read again when it changes): a failure means the same rows are read next time.
    // A test row saw one key: the cursor stays where the last whole run left it.
    const bool testRow = !m_options.onlyKey.isNull();
    if (writerCounts.failed == 0 && !testRow) {
        if (auto saved = plan.save(journal, diff.nextCursor()); !saved)
            return saved;
    }
    journal.setWritesAside(false); // folding writes in place
    if (byKeyLookup && writerCounts.sent + writerCounts.failed > 0) {
        auto folded = journal.foldIfMany(m_sync.id);
        if (!folded)
            log(LogLevel::Warning, folded.error().message); // they stay aside, which is correct, only slower
        else if (*folded)
            log(LogLevel::Info,
                QStringLiteral("folded the records written aside by incremental runs into the journal's records"));
    }
    return {};
}

} // namespace Ebb
