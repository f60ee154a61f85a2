#include "NotificationsEmulator.h"

namespace Ebb::Emulators {

bool NotificationsEmulator::serve(QDBusConnection bus)
{
    return bus.isConnected()
        && bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), this, QDBusConnection::ExportAllSlots)
        && bus.registerService(QStringLiteral("org.freedesktop.Notifications"));
}

uint NotificationsEmulator::Notify(const QString& appName, uint replacesId, const QString&, const QString& summary,
    const QString& body, const QStringList&, const QVariantMap& hints, int)
{
    Q_EMIT received(QJsonObject{{QStringLiteral("app"), appName}, {QStringLiteral("summary"), summary},
        {QStringLiteral("body"), body},
        {QStringLiteral("urgency"), int(hints.value(QStringLiteral("urgency")).value<uchar>())}});
    return replacesId != 0 ? replacesId : ++m_lastId;
}

QStringList NotificationsEmulator::GetCapabilities()
{
    return {QStringLiteral("body")};
}

void NotificationsEmulator::CloseNotification(uint) { }

QString NotificationsEmulator::GetServerInformation(QString& vendor, QString& version, QString& specVersion)
{
    vendor = QStringLiteral("Ebb");
    version = QStringLiteral("1");
    specVersion = QStringLiteral("1.2");
    return QStringLiteral("ebb-emulator");
}

} // namespace Ebb::Emulators
