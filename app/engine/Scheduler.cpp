#include "Scheduler.h"

#include "RunLock.h"
#include "SyncRunner.h"
#include "app/journal/Journal.h"
#include "connectors/files/PrivateState.h"
#include "models/schedule/Schedule.h"

#include <QDir>

namespace Ebb {

namespace {

// The start of the sync's latest run that was not a dry run; invalid when there is none.
Result<QDateTime> lastRunStart(const Journal& journal, const QString& sync)
{
    // Dry runs are rare among runs; a full scan is only needed when the last page holds nothing else.
    for (const int limit : {20, -1}) {
        auto runs = journal.runs(sync, limit);
        if (!runs)
            return runs.error();
        for (const RunReport& run : *runs) {
            if (!run.options.dryRun)
                return run.startedAt;
        }
        if (runs->size() < limit)
            break;
    }
    return QDateTime();
}

int severity(int exitCode)
{
    switch (exitCode) {
    case 0:
        return 0;
    case 3:
        return 1;
    case 1:
        return 2;
    default:
        return 3; // 2, bad configuration
    }
}

} // namespace

QString ScheduledSync::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ran:
        return QStringLiteral("ran");
    case Outcome::NotDue:
        return QStringLiteral("not due");
    case Outcome::Skipped:
        return QStringLiteral("skipped");
    case Outcome::NotScheduled:
        return QStringLiteral("not scheduled");
    case Outcome::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QList<ScheduledSync> Scheduler::runDue(const Workspace& workspace, const QDateTime& now, RunObserver* observer,
    const std::atomic_bool* cancel, const RunOptions& options)
{
    QList<ScheduledSync> results;
    (void)PrivateState::ensureFolder(workspace.stateDir()); // the journal's open reports what is wrong
    std::unique_ptr<Journal> journal;
    for (const SyncSpec& sync : workspace.syncs) {
        if (cancel && cancel->load())
            break;
        ScheduledSync result;
        result.sync = sync.id;
        if (workspace.brokenSync(sync.id))
            continue; // another file claims its id: reported with the broken ones below
        if (sync.schedule.isEmpty()) {
            results << result;
            continue;
        }
        const auto schedule = Schedule::fromJson(sync.schedule);
        if (!schedule) {
            result.outcome = ScheduledSync::Outcome::Error;
            result.error = Error::config(QStringLiteral("syncs/%1.json: %2").arg(sync.id, schedule.error().message));
            results << result;
            continue;
        }
        result.schedule = schedule->toString();
        if (!journal) {
            auto opened = Journal::open(QDir(workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
            if (!opened) {
                // Without the history nothing can be known to be due; running anyway could run too often.
                result.outcome = ScheduledSync::Outcome::Error;
                result.error = opened.error();
                results << result;
                continue;
            }
            journal = std::move(*opened);
        }
        {
            // Decide under the sync's lock: a run in progress elsewhere is skipped, and one that
            // has just finished is already in the journal.
            const auto lock = RunLock::acquire(workspace.stateDir(), sync.id);
            if (!lock) {
                result.outcome = ScheduledSync::Outcome::Skipped;
                result.reason = lock.error().message;
                results << result;
                continue;
            }
            const auto last = lastRunStart(*journal, sync.id);
            if (!last) {
                result.outcome = ScheduledSync::Outcome::Error;
                result.error = last.error();
                results << result;
                continue;
            }
            result.lastRun = *last;
            if (!schedule->isDue(*last, now)) {
                result.outcome = ScheduledSync::Outcome::NotDue;
                result.nextRun = schedule->nextAfter(*last);
                results << result;
                continue;
            }
        } // SyncRunner takes the lock again for the run itself.

        SyncRunner runner(workspace, sync, options, observer, cancel);
        result.report = runner.run();
        // Another process took the lock in the instant between the check and the run.
        if (result.report.runId == 0 && result.report.error.contains(QLatin1String("is already running"))) {
            result.outcome = ScheduledSync::Outcome::Skipped;
            result.reason = result.report.error;
        } else {
            result.outcome = ScheduledSync::Outcome::Ran;
            result.nextRun = schedule->nextAfter(result.report.startedAt);
        }
        results << result;
    }
    // Syncs whose files (or connections) have problems: the others ran; these are named, and
    // make the pass exit 2, so a scheduler's mail says which file to fix.
    QStringList named;
    for (const BrokenFile& broken : workspace.brokenSyncs) {
        if (named.contains(broken.id))
            continue;
        named << broken.id;
        ScheduledSync result;
        result.sync = broken.id;
        result.outcome = ScheduledSync::Outcome::Error;
        result.error = Error::config(QStringLiteral("cannot run until these problems are fixed:\n")
            + workspace.syncProblems(broken.id).join(QLatin1Char('\n')));
        results << result;
    }
    return results;
}

int Scheduler::exitCode(const QList<ScheduledSync>& results)
{
    int code = 0;
    for (const ScheduledSync& r : results) {
        int c = 0;
        if (r.outcome == ScheduledSync::Outcome::Ran)
            c = SyncRunner::exitCode(r.report);
        else if (r.outcome == ScheduledSync::Outcome::Error)
            c = r.error.category == Error::Category::Config || r.error.category == Error::Category::Secret ? 2 : 1;
        if (severity(c) > severity(code))
            code = c;
    }
    return code;
}

} // namespace Ebb
