#pragma once

#include <QObject>
#include <QStringList>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace Ebb {

// Ebb in the system tray while its window is closed with schedules active: Open, Run Now
// (a sync), Pause Schedules, Quit; and the desktop notifications of what ran unwatched.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    explicit TrayIcon(QObject* parent = nullptr);

    // The desktop has a tray (or a test says so): closing the window may keep Ebb there.
    bool available() const;
    void setAvailableForTesting(bool available) { m_forced = available; }
    void setSyncs(const QStringList& syncs);
    void setPaused(bool paused);
    void show();
    void hide();
    bool isShown() const { return m_shown; }
    void notify(const QString& title, const QString& text, bool problem);
    QString lastNotification() const { return m_last; }
    QMenu* menu() const { return m_menu; }
    QAction* pauseAction() const { return m_pause; }

Q_SIGNALS:
    void openRequested();
    void runRequested(const QString& sync);
    void pauseToggled(bool paused);
    void quitRequested();

private:
    QSystemTrayIcon* m_icon = nullptr; // made when first shown
    QMenu* m_menu;
    QMenu* m_run;
    QAction* m_pause;
    bool m_forced = false;
    bool m_shown = false;
    QString m_last;
};

} // namespace Ebb
