#include "TrayIcon.h"

#include "ui/StudioIcons.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>

namespace Ebb {

TrayIcon::TrayIcon(QObject* parent)
    : QObject(parent)
    , m_menu(new QMenu)
    , m_run(new QMenu(tr("Run Now")))
{
    m_menu->addAction(tr("Open Ebb"), this, &TrayIcon::openRequested);
    m_menu->addMenu(m_run);
    m_pause = m_menu->addAction(tr("Pause Schedules"));
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::toggled, this, &TrayIcon::pauseToggled);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit Ebb"), this, &TrayIcon::quitRequested);
    connect(this, &QObject::destroyed, m_menu, &QObject::deleteLater);
}

bool TrayIcon::available() const
{
    return m_forced || QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::setSyncs(const QStringList& syncs)
{
    m_run->clear();
    for (const QString& sync : syncs)
        m_run->addAction(sync, this, [this, sync] { Q_EMIT runRequested(sync); });
    m_run->setEnabled(!syncs.isEmpty());
}

void TrayIcon::setPaused(bool paused)
{
    const QSignalBlocker blocker(m_pause);
    m_pause->setChecked(paused);
}

void TrayIcon::show()
{
    if (!m_icon) {
        m_icon = new QSystemTrayIcon(StudioIcons::application(), this);
        m_icon->setToolTip(tr("Ebb: scheduled syncs run while it is here"));
        m_icon->setContextMenu(m_menu);
        connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT openRequested();
        });
    }
    m_icon->show();
    m_shown = true;
}

void TrayIcon::hide()
{
    if (m_icon)
        m_icon->hide();
    m_shown = false;
}

void TrayIcon::notify(const QString& title, const QString& text, bool problem)
{
    m_last = title + QStringLiteral(": ") + text;
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return; // said in the log all the same
    if (!m_icon || !m_icon->isVisible())
        show();
    m_icon->showMessage(title, text, problem ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
}

} // namespace Ebb
