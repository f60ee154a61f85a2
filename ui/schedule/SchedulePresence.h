#pragma once

#include "app/engine/Scheduler.h"
#include "models/Workspace.h"

#include <QObject>

class QAction;
class QWidget;

namespace Ebb {

class InAppScheduler;
class TrayIcon;

// What keeps scheduled syncs running around the window: the in-app scheduler, the tray and
// the Pause Schedules action (the menu's and the tray's, kept in step and across restarts),
// the desktop notifications of scheduled runs that go wrong, and what closing the window
// means while schedules are active (stay in the tray, or ask before they stop).
class SchedulePresence : public QObject
{
    Q_OBJECT

public:
    explicit SchedulePresence(QWidget* window);

    InAppScheduler* scheduler() const { return m_scheduler; }
    TrayIcon* trayIcon() const { return m_tray; }
    QAction* pauseAction() const { return m_pause; }

    void setWorkspace(const Workspace& workspace, bool trusted);
    // Whether scheduled syncs would run now: some sync has a schedule, not paused, trusted.
    bool scheduling() const;
    // On closing the window: true when Ebb stays in the tray (the window is hidden, the close
    // is to be ignored); false when it may close — after asking, where schedules would stop,
    // unless `confirmed`; `*refused` when the user chose to keep Ebb open.
    bool keepInTray(bool quitting, bool confirmed, bool* refused);

Q_SIGNALS:
    void openRequested();
    void runRequested(const QString& sync);
    void quitRequested();
    // A scheduled run ended (not a skipped one): the window shows it.
    void scheduledRun(const Ebb::ScheduledSync& result);

private:
    QWidget* m_window;
    InAppScheduler* m_scheduler;
    TrayIcon* m_tray;
    QAction* m_pause;
    bool m_trusted = false;
    bool m_toldAboutTray = false;
};

} // namespace Ebb
