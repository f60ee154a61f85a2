#include "InAppScheduler.h"

#include <QThread>
#include <spdlog/spdlog.h>

namespace Ebb {

InAppScheduler::InAppScheduler(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<Ebb::ScheduledSync>();
    // EBB_SCHEDULER=off opens Ebb without running schedules (the tests set it; so can a user).
    m_paused = qEnvironmentVariable("EBB_SCHEDULER") == QLatin1String("off");
    m_timer.setInterval(checkEveryMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // A tick far later than the timer's interval: the computer slept (or the clock was
        // set). The pass catches up what fell due meanwhile, once (Schedule's rule).
        if (m_lastTick.isValid() && m_lastTick.msecsTo(now) > 3 * checkEveryMs)
            spdlog::info(
                "scheduler: {} s since the last check (asleep?); catching up what fell due", m_lastTick.secsTo(now));
        m_lastTick = now;
        checkNow();
    });
    m_timer.start();
}

InAppScheduler::~InAppScheduler()
{
    m_cancel = true;
    if (m_pass) {
        m_pass->wait();
        delete m_pass;
    }
}

void InAppScheduler::setWorkspace(const Workspace& workspace, bool trusted)
{
    m_workspace = workspace;
    m_trusted = trusted;
}

void InAppScheduler::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    Q_EMIT pausedChanged(paused);
    spdlog::info("scheduler: {}", paused ? "paused; no scheduled sync starts" : "resumed");
}

bool InAppScheduler::hasSchedules() const
{
    for (const SyncSpec& sync : m_workspace.syncs) {
        if (!sync.schedule.isEmpty())
            return true;
    }
    return false;
}

bool InAppScheduler::checkNow()
{
    if (m_running || m_paused || !m_trusted || !hasSchedules())
        return false;
    m_running = true;
    m_cancel = false;
    if (m_pass) {
        m_pass->wait();
        delete m_pass;
    }
    Q_EMIT passStarted();
    const Workspace workspace = m_workspace;
    m_pass = QThread::create([this, workspace] {
        RunOptions scheduled;
        scheduled.origin = RunOptions::Origin::Schedule;
        const QList<ScheduledSync> results
            = Scheduler::runDue(workspace, QDateTime::currentDateTimeUtc(), nullptr, &m_cancel, scheduled);
        for (const ScheduledSync& result : results) {
            if (result.outcome == ScheduledSync::Outcome::Ran || result.outcome == ScheduledSync::Outcome::Skipped
                || result.outcome == ScheduledSync::Outcome::Error)
                QMetaObject::invokeMethod(
                    this, [this, result] { Q_EMIT synced(result); }, Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_running = false;
                Q_EMIT passFinished();
            },
            Qt::QueuedConnection);
    });
    m_pass->setObjectName(QStringLiteral("ebb-scheduler"));
    m_pass->start();
    return true;
}

} // namespace Ebb
