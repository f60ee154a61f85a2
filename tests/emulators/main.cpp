// ebb-emulator: a destination's emulator on loopback, for trying a sync without an account
// and for the benchmarks. Runs until interrupted.
//
//   ebb-emulator webhook [--port N] [--secret whsec_...]
#include "WebhookEmulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <csignal>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ebb-emulator"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A destination API's emulator on 127.0.0.1."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("api"), QStringLiteral("webhook"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("The port (default: a free one)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption secret(QStringLiteral("secret"),
        QStringLiteral("The webhook signing secret (whsec_<base64>) the receiver checks."), QStringLiteral("secret"));
    parser.addOptions({port, secret});
    parser.process(app);
    QTextStream err(stderr);
    if (parser.positionalArguments() != QStringList{QStringLiteral("webhook")}) {
        err << "ebb-emulator: name the API to emulate: webhook\n";
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
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    const int code = QCoreApplication::exec();
    QTextStream(stdout) << "received " << emulator.events().size() << " events in " << emulator.requests()
                        << " requests; bad signatures " << emulator.badSignatures() << Qt::endl;
    return code;
}
