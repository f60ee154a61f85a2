#pragma once

#include <QDBusConnection>
#include <QJsonObject>
#include <QObject>
#include <QVariantMap>

namespace Ebb::Emulators {

// The desktop's notification service (org.freedesktop.Notifications, as GNOME Shell or
// dunst serve it) on the session bus: it takes Notify calls and hands each on as
// {"app", "summary", "body", "urgency"} through received().
class NotificationsEmulator : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    // Owns the service's name on `bus`; false when another service has it.
    bool serve(QDBusConnection bus);

public Q_SLOTS:
    uint Notify(const QString& appName, uint replacesId, const QString& appIcon, const QString& summary,
        const QString& body, const QStringList& actions, const QVariantMap& hints, int expireTimeout);
    QStringList GetCapabilities();
    void CloseNotification(uint id);
    QString GetServerInformation(QString& vendor, QString& version, QString& specVersion);

Q_SIGNALS:
    void received(const QJsonObject& notification);

private:
    uint m_lastId = 0;
};

} // namespace Ebb::Emulators
