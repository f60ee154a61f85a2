#include "DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QFileInfo>
#include <QVariantMap>

namespace Ebb {

Result<void> DesktopNotifier::notify(const QString& title, const QString& body, bool problem)
{
    if (qEnvironmentVariable("EBB_NOTIFY") == QLatin1String("off"))
        return Error::config(QStringLiteral("desktop notifications are off (EBB_NOTIFY=off)"));
    // Only a session that has a bus: never one started for this call (D-Bus's autolaunch
    // would leave a daemon behind after each cron run with a DISPLAY).
    if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty()
        && !QFileInfo::exists(qEnvironmentVariable("XDG_RUNTIME_DIR") + QStringLiteral("/bus")))
        return Error::io(QStringLiteral("no session bus"));
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return Error::io(QStringLiteral("no session bus"), bus.lastError().message());
    QDBusMessage call = QDBusMessage::createMethodCall(QString::fromLatin1(service), QString::fromLatin1(path),
        QString::fromLatin1(service), QStringLiteral("Notify"));
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
    const QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue(uchar(problem ? 2 : 1))},
        {QStringLiteral("desktop-entry"), QStringLiteral("io.ebb.Ebb")}};
    // The body may be read as markup ("<", "&" in a reason): escaped, it shows as written.
    call << QStringLiteral("Ebb") << uint(0) << QStringLiteral("io.ebb.Ebb") << title << body.toHtmlEscaped()
         << QStringList() << hints << int(-1);
    const QDBusMessage reply = bus.call(call, QDBus::Block, 5000);
    if (reply.type() == QDBusMessage::ErrorMessage)
        return Error::io(QStringLiteral("the desktop's notification service did not take it"), reply.errorMessage());
    return {};
}

} // namespace Ebb
