#pragma once

#include "app/engine/Scheduler.h"
#include "models/Workspace.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <atomic>

Q_DECLARE_METATYPE(Ebb::ScheduledSync)

namespace Ebb {

// Runs the workspace's due syncs while the window is open: every `checkEveryMs` (and at once
// when the clock jumped, as after sleep) a pass of Scheduler::runDue on a thread of its own,
// one pass at a time. What is due and the catch-up rule are the Scheduler's (the same as
// `ebb-cli schedule` in cron); each run holds the sync's run lock, so a sync another process
// (cron's ebb-cli, a Sync Now) is running is skipped, never run twice at once. Nothing runs
// for a workspace that is not trusted, or while paused.
class InAppScheduler : public QObject
{
    Q_OBJECT

public:
    static constexpr int checkEveryMs = 30000;

    explicit InAppScheduler(QObject* parent = nullptr);
    ~InAppScheduler() override; // cancels a pass in progress and waits for it to stop

    void setWorkspace(const Workspace& workspace, bool trusted);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    bool isRunning() const { return m_running; }
    // Some sync of the workspace has a schedule.
    bool hasSchedules() const;
    // A pass now, unless one is running or nothing may run; true when one started.
    bool checkNow();

Q_SIGNALS:
    void passStarted();
    void pausedChanged(bool paused);
    // One scheduled sync's run (or why it was skipped), as it ends.
    void synced(const Ebb::ScheduledSync& result);
    void passFinished();

private:
    QTimer m_timer;
    QDateTime m_lastTick;
    Workspace m_workspace;
    bool m_trusted = false;
    bool m_paused = false;
    bool m_running = false;
    std::atomic_bool m_cancel = false;
    QThread* m_pass = nullptr;
};

} // namespace Ebb
