#pragma once

#include "RunObserver.h"
#include "models/Result.h"
#include "models/RunReport.h"
#include "models/Workspace.h"

#include <QDateTime>
#include <QList>
#include <atomic>
#include <optional>

namespace Ebb {

// What the scheduler did with one sync.
struct ScheduledSync
{
    enum class Outcome {
        Ran, // report holds the run
        NotDue, // nextRun says when it will be
        Skipped, // another process is running it; reason says which
        NotScheduled, // the sync file has no "schedule"
        Error // the schedule or the journal could not be read; error says why
    };

    QString sync;
    Outcome outcome = Outcome::NotScheduled;
    QString schedule; // "every 15m", "cron \"0 * * * *\""
    QDateTime lastRun; // start of the latest non-dry run; invalid if it never ran
    std::optional<QDateTime> nextRun;
    RunReport report;
    QString reason;
    Error error;

    static QString outcomeName(Outcome outcome); // "ran", "not due", …
};

// `ebb-cli schedule`: runs every sync that is due, once, one after the other, and returns.
// A sync's last run is the latest non-dry run in the journal, whatever its outcome, so a
// failing sync is retried at its next fire time, not at every check (see Schedule for the
// catch-up rule). Each run goes through SyncRunner, which holds the sync's RunLock: a sync
// another process is running is skipped, never run twice at once. The check for a sync is
// made under its lock too, so two overlapping schedulers do not both find it due.
class Scheduler
{
public:
    // `now` decides what is due (pass QDateTime::currentDateTimeUtc(); tests pass a fixed time).
    // The runs themselves record the real clock, as every run does.
    // `cancel` (SIGINT/SIGTERM in ebb-cli) cancels the run in progress and starts no other.
    // `options`: each run's (ebb-cli's ask for desktop notices).
    static QList<ScheduledSync> runDue(const Workspace& workspace, const QDateTime& now,
        RunObserver* observer = nullptr, const std::atomic_bool* cancel = nullptr, const RunOptions& options = {});

    // The exit code of a scheduler pass (ARCHITECTURE.md): the worst of 2 (bad configuration),
    // 1 (a run failed), 3 (rejects or failures), 0. Syncs that were not due or skipped count as 0.
    static int exitCode(const QList<ScheduledSync>& results);
};

} // namespace Ebb
