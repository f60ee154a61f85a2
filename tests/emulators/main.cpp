// ebb-emulator: a destination's emulator on loopback, for trying a sync without an account
// and for the benchmarks. Runs until interrupted.
//
//   ebb-emulator webhook [--port N] --secret whsec_...
//   ebb-emulator hubspot [--port N] --token T [--rate-limit N] [--interval-ms MS]
//   ebb-emulator salesforce [--port N] --token T
//   ebb-emulator zendesk [--port N] --email E --token T
#include "HubSpotEmulator.h"
#include "NotificationsEmulator.h"
#include "SalesforceEmulator.h"
#include "WebhookEmulator.h"
#include "ZendeskEmulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>
#include <csignal>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ebb-emulator"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A destination API's emulator on 127.0.0.1."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("api"), QStringLiteral("webhook, hubspot, salesforce or zendesk"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("The port (default: a free one)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption secret(QStringLiteral("secret"),
        QStringLiteral("The webhook signing secret (whsec_<base64>) the receiver checks."), QStringLiteral("secret"));
    const QCommandLineOption token(QStringLiteral("token"),
        QStringLiteral(
            "The token it accepts (HubSpot's private app token, Salesforce's access token, Zendesk's API token)."),
        QStringLiteral("token"));
    const QCommandLineOption email(QStringLiteral("email"),
        QStringLiteral("Zendesk: the agent's email the API token goes with."), QStringLiteral("email"));
    const QCommandLineOption rate(QStringLiteral("rate-limit"),
        QStringLiteral("HubSpot: requests allowed per interval (default 100, a Free or Starter app's; 0: none)."),
        QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption interval(QStringLiteral("interval-ms"),
        QStringLiteral("HubSpot: the rolling window in milliseconds (default 10000)."), QStringLiteral("ms"),
        QStringLiteral("10000"));
    parser.addOptions({port, secret, token, email, rate, interval});
    parser.process(app);
    QTextStream err(stderr);
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    const QStringList api = parser.positionalArguments();
    const auto serve = [&](auto& emulator, const QString& name) {
        if (!emulator.listen(quint16(parser.value(port).toUInt()))) {
            err << "ebb-emulator: cannot listen on port " << parser.value(port) << "\n";
            return 1;
        }
        QTextStream(stdout) << emulator.url().toString() << Qt::endl;
        const int code = QCoreApplication::exec();
        QTextStream(stdout) << name << ": " << emulator.writeRequests() << " write requests" << Qt::endl;
        return code;
    };
    if (api == QStringList{QStringLiteral("salesforce")} || api == QStringList{QStringLiteral("zendesk")}) {
        if (parser.value(token).isEmpty()
            || (api.first() == QLatin1String("zendesk") && parser.value(email).isEmpty())) {
            err << "ebb-emulator: " << api.first() << " needs --token T"
                << (api.first() == QLatin1String("zendesk") ? " and --email E" : "")
                << ": it checks them as the real API does\n";
            return 2;
        }
        if (api.first() == QLatin1String("salesforce")) {
            Ebb::Emulators::SalesforceEmulator salesforce(parser.value(token).toUtf8());
            return serve(salesforce, QStringLiteral("Salesforce"));
        }
        Ebb::Emulators::ZendeskEmulator zendesk(parser.value(email), parser.value(token));
        return serve(zendesk, QStringLiteral("Zendesk"));
    }
    if (api == QStringList{QStringLiteral("hubspot")}) {
        if (parser.value(token).isEmpty()) {
            err << "ebb-emulator: --token T is required: the emulator checks the Bearer token as HubSpot does\n";
            return 2;
        }
        Ebb::Emulators::HubSpotEmulator hubspot(parser.value(token).toUtf8());
        hubspot.setRateLimit(parser.value(rate).toInt(), std::max(1, parser.value(interval).toInt()));
        if (!hubspot.listen(quint16(parser.value(port).toUInt()))) {
            err << "ebb-emulator: cannot listen on port " << parser.value(port) << "\n";
            return 1;
        }
        QTextStream(stdout) << hubspot.url().toString() << Qt::endl;
        const int code = QCoreApplication::exec();
        QTextStream(stdout) << "HubSpot: " << hubspot.records(QStringLiteral("contacts")).size() << " contacts, "
                            << hubspot.records(QStringLiteral("companies")).size() << " companies; "
                            << hubspot.requests() << " requests, " << hubspot.rateLimited() << " answered 429"
                            << Qt::endl;
        return code;
    }
    // The desktop's notification service on the session bus: one JSON line per notification.
    if (api == QStringList{QStringLiteral("notifications")}) {
        Ebb::Emulators::NotificationsEmulator notifications;
        if (!notifications.serve(QDBusConnection::sessionBus())) {
            err << "ebb-emulator: cannot serve org.freedesktop.Notifications on the session bus\n";
            return 1;
        }
        QObject::connect(&notifications, &Ebb::Emulators::NotificationsEmulator::received, [](const QJsonObject& n) {
            QTextStream(stdout) << QJsonDocument(n).toJson(QJsonDocument::Compact) << Qt::endl;
        });
        QTextStream(stdout) << "ready" << Qt::endl;
        return QCoreApplication::exec();
    }
    if (api != QStringList{QStringLiteral("webhook")}) {
        err << "ebb-emulator: name the API to emulate: webhook, hubspot, salesforce, zendesk or notifications\n";
        return 2;
    }
    const QString given = parser.value(secret);
    const QByteArray key
        = given.startsWith(QLatin1String("whsec_")) ? QByteArray::fromBase64(given.mid(6).toLatin1()) : given.toUtf8();
    if (key.isEmpty()) {
        err << "ebb-emulator: --secret whsec_<base64 key> is required: the receiver checks every signature\n";
        return 2;
    }
    Ebb::Emulators::WebhookEmulator emulator(key);
    if (!emulator.listen(quint16(parser.value(port).toUInt()))) {
        err << "ebb-emulator: cannot listen on port " << parser.value(port) << "\n";
        return 1;
    }
    QTextStream(stdout) << emulator.url().toString() << Qt::endl;
    const int code = QCoreApplication::exec();
    QTextStream(stdout) << "received " << emulator.events().size() << " events in " << emulator.requests()
                        << " requests; bad signatures " << emulator.badSignatures() << Qt::endl;
    return code;
}
