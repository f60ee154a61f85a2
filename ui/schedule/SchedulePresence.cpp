#include "SchedulePresence.h"

#include "TrayIcon.h"
#include "app/studio/InAppScheduler.h"
#include "connectors/secrets/Redactor.h"
#include "ui/workspace/Settings.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QWidget>
#include <spdlog/spdlog.h>

namespace Ebb {

SchedulePresence::SchedulePresence(QWidget* window)
    : QObject(window)
    , m_window(window)
    , m_scheduler(new InAppScheduler(this))
    , m_tray(new TrayIcon(this))
    , m_pause(new QAction(tr("&Pause Schedules"), this))
{
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pause->setChecked(m_scheduler->isPaused());
    connect(m_pause, &QAction::toggled, m_scheduler, &InAppScheduler::setPaused);
    connect(m_tray, &TrayIcon::pauseToggled, m_scheduler, &InAppScheduler::setPaused);
    // The menu's and the tray's Pause follow the scheduler, whoever paused it.
    connect(m_scheduler, &InAppScheduler::pausedChanged, this, [this](bool paused) {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(paused);
        m_tray->setPaused(paused);
        windowSettings().setValue(QStringLiteral("schedules/paused"), paused); // until resumed, across restarts
    });
    if (windowSettings().value(QStringLiteral("schedules/paused")).toBool())
        m_scheduler->setPaused(true);
    connect(m_tray, &TrayIcon::openRequested, this, &SchedulePresence::openRequested);
    connect(m_tray, &TrayIcon::runRequested, this, &SchedulePresence::runRequested);
    connect(m_tray, &TrayIcon::quitRequested, this, &SchedulePresence::quitRequested);
    connect(m_scheduler, &InAppScheduler::synced, this, [this](const ScheduledSync& result) {
        if (result.outcome == ScheduledSync::Outcome::Skipped) {
            spdlog::info("scheduled {}: skipped, {}", result.sync.toStdString(), result.reason.toStdString());
            return;
        }
        if (result.outcome == ScheduledSync::Outcome::Error) {
            m_tray->notify(tr("Ebb: %1 not run").arg(result.sync), result.error.message, true);
            return;
        }
        const RunReport& report = result.report;
        // A scheduled run that fails (or a guard stops) is said on the desktop; one that
        // succeeds only in the log and the history.
        if (report.status != RunReport::Status::Succeeded && report.status != RunReport::Status::Partial)
            m_tray->notify(tr("Ebb: scheduled %1 %2").arg(result.sync, RunReport::statusName(report.status)),
                report.error.isEmpty() ? report.counts.text() : Redactor::redact(report.error), true);
        Q_EMIT scheduledRun(result);
    });
}

void SchedulePresence::setWorkspace(const Workspace& workspace, bool trusted)
{
    m_trusted = trusted;
    m_scheduler->setWorkspace(workspace, trusted);
    QStringList syncs;
    for (const SyncSpec& sync : workspace.syncs)
        syncs << sync.id;
    m_tray->setSyncs(syncs);
}

bool SchedulePresence::scheduling() const
{
    return m_scheduler->hasSchedules() && !m_scheduler->isPaused() && m_trusted;
}

bool SchedulePresence::keepInTray(bool quitting, bool confirmed, bool* refused)
{
    *refused = false;
    if (!scheduling())
        return false;
    // Schedules keep running with the window closed: Ebb stays in the tray until Quit.
    if (!quitting && m_tray->available()) {
        QApplication::setQuitOnLastWindowClosed(false);
        m_window->hide();
        m_tray->show();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->notify(tr("Ebb keeps running"),
                tr("Scheduled syncs run while Ebb is in the tray. Quit it from the tray's menu."), false);
        }
        return true;
    }
    // No tray to stay in, or Quit: scheduled syncs stop with Ebb. Said before it happens.
    if (!confirmed
        && QMessageBox::question(m_window, tr("Quit Ebb?"),
               tr("Scheduled syncs run only while Ebb is open. Quit anyway? (ebb-cli schedule, run by cron, runs "
                  "them without the window.)"),
               QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            != QMessageBox::Yes)
        *refused = true;
    return false;
}

} // namespace Ebb
