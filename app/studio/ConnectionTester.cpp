#include "ConnectionTester.h"

#include "connectors/destinations/DestinationFactory.h"
#include "connectors/destinations/hubspot/HubSpotDestination.h"
#include "connectors/secrets/SecretResolver.h"
#include "connectors/warehouse/WarehouseFactory.h"
#include "connectors/warehouse/postgres/PgSettingsBuilder.h"
#include "models/ConnectionKinds.h"

#include <QDir>
#include <QFileInfo>
#include <QSslSocket>
#include <QUrl>

namespace Ebb {

namespace {

// The file's folder can be written, or made by the first run: a test makes nothing (a form
// tested and then cancelled leaves no folder behind).
ConnectionTester::Outcome writableFolder(const QString& path, const QString& okText)
{
    const QString folder = QFileInfo(path).absolutePath();
    QString existing = folder;
    while (!QFileInfo::exists(existing) && QFileInfo(existing).absolutePath() != existing)
        existing = QFileInfo(existing).absolutePath();
    if (!QFileInfo(existing).isDir() || !QFileInfo(existing).isWritable())
        return {ConnectionTester::Status::Failed, QStringLiteral("%1: the folder cannot be written").arg(existing)};
    return {ConnectionTester::Status::Ok,
        existing == folder ? okText : okText + QStringLiteral(" (the first run makes %1)").arg(folder)};
}

// Plain text or unverified TLS to another machine works, but says what it risks.
QString tlsWarning(const ConnectionSpec& connection)
{
    if (connection.kind == QLatin1String("mysql")
        && !PgSettingsBuilder::isLoopback(connection.string(QStringLiteral("host"))))
        return QStringLiteral("\nwarning: the connection to %1 is not encrypted: anyone on the path can read the "
                              "password and the rows. Use a private network or a tunnel (ssh -L).")
            .arg(connection.string(QStringLiteral("host")));
    if (connection.kind != QLatin1String("postgres")
        || PgSettingsBuilder::isLoopback(connection.string(QStringLiteral("host"))))
        return {};
    const QString mode = PgSettingsBuilder::sslmode(connection);
    if (mode.startsWith(QLatin1String("verify")))
        return {};
    return QStringLiteral(
        "\nwarning: sslmode=%1 to %2 does not verify the server (it may not even encrypt): anyone on the "
        "path can pose as it and read the password. Use verify-full with sslrootcert.")
        .arg(mode, connection.string(QStringLiteral("host")));
}

// A webhook has no call that changes nothing: the test resolves its secret and opens a
// connection to its host (TLS verified for https). Send Test Row sends one real event.
ConnectionTester::Outcome testWebhook(const ConnectionSpec& connection)
{
    QString signing = QStringLiteral("unsigned (no secret)");
    if (connection.json.contains(QStringLiteral("secret"))) {
        auto secret = SecretResolver::resolve(connection, QStringLiteral("secret"));
        if (!secret)
            return {ConnectionTester::Status::Failed, secret.error().toString()};
        signing = QStringLiteral("signing secret found");
    }
    const QUrl url(connection.string(QStringLiteral("url")));
    const bool tls = url.scheme() == QLatin1String("https");
    QSslSocket socket;
    if (tls)
        socket.connectToHostEncrypted(url.host(), quint16(url.port(443)));
    else
        socket.connectToHost(url.host(), quint16(url.port(80)));
    const bool reached = tls ? socket.waitForEncrypted(10000) : socket.waitForConnected(10000);
    if (!reached)
        return {ConnectionTester::Status::Failed,
            QStringLiteral("connection \"%1\": %2:%3: %4")
                .arg(connection.id, url.host())
                .arg(tls ? url.port(443) : url.port(80))
                .arg(socket.errorString())};
    return {ConnectionTester::Status::Ok,
        QStringLiteral("%1 reachable%2; %3 (nothing sent)")
            .arg(url.host(), tls ? QStringLiteral(" over verified TLS") : QString(), signing)};
}

// HubSpot: the contacts' properties read with the token — a call that changes nothing, and
// the one a sync makes first.
ConnectionTester::Outcome testHubSpot(const Workspace& workspace, const ConnectionSpec& connection)
{
    auto destination = DestinationFactory::forDescribing(workspace, connection.id, QStringLiteral("contacts"));
    if (!destination)
        return {ConnectionTester::Status::Failed, destination.error().toString()};
    auto schema = (*destination)->schema();
    if (!schema)
        return {ConnectionTester::Status::Failed, schema.error().toString()};
    const QString base = connection.string(QStringLiteral("baseUrl"));
    const QUrl url(base.isEmpty() ? QLatin1String(HubSpotDestination::publicUrl) : base);
    return {ConnectionTester::Status::Ok,
        QStringLiteral("%1 answered%2; token accepted: contacts has %3 properties (nothing sent)")
            .arg(url.host(), url.scheme() == QLatin1String("https") ? QStringLiteral(" over verified TLS") : QString())
            .arg(schema->fields.size())};
}

// Salesforce: the org's sObjects listed with the access token (nothing is written).
ConnectionTester::Outcome testSalesforce(const Workspace& workspace, const ConnectionSpec& connection)
{
    auto destination = DestinationFactory::forDescribing(workspace, connection.id, QString());
    if (!destination)
        return {ConnectionTester::Status::Failed, destination.error().toString()};
    auto objects = (*destination)->objects();
    if (!objects)
        return {ConnectionTester::Status::Failed, objects.error().toString()};
    const QUrl url(connection.string(QStringLiteral("instanceUrl")));
    return {ConnectionTester::Status::Ok,
        QStringLiteral("%1 answered%2; access token accepted: %3 sObjects it may write (nothing sent)")
            .arg(url.host(), url.scheme() == QLatin1String("https") ? QStringLiteral(" over verified TLS") : QString())
            .arg(objects->size())};
}

// Zendesk: the user fields read with the email and API token (nothing is written).
ConnectionTester::Outcome testZendesk(const Workspace& workspace, const ConnectionSpec& connection)
{
    auto destination = DestinationFactory::forDescribing(workspace, connection.id, QStringLiteral("users"));
    if (!destination)
        return {ConnectionTester::Status::Failed, destination.error().toString()};
    auto schema = (*destination)->schema();
    if (!schema)
        return {ConnectionTester::Status::Failed, schema.error().toString()};
    const QUrl url(connection.string(QStringLiteral("baseUrl")));
    return {ConnectionTester::Status::Ok,
        QStringLiteral("%1 answered%2; credentials accepted: users have %3 fields (nothing sent)")
            .arg(url.host(), url.scheme() == QLatin1String("https") ? QStringLiteral(" over verified TLS") : QString())
            .arg(schema->fields.size())};
}

} // namespace

ConnectionTester::Outcome ConnectionTester::test(const Workspace& workspace, const ConnectionSpec& connection)
{
    const ConnectionKind* kind = ConnectionKinds::find(connection.kind);
    // A SQLite file that is not there: Ebb reads and writes tables of a database, it does not
    // make databases or tables (a destination's table decides what a record may hold).
    if (connection.kind == QLatin1String("sqlite")) {
        const QString path = workspace.resolvePath(connection.string(QStringLiteral("path")));
        if (!QFileInfo::exists(path))
            return {ConnectionTester::Status::Failed,
                QStringLiteral("%1: no such database file. A SQLite connection reads or writes the tables of a "
                               "database that exists: make it and its tables first (sqlite3 %1), or pick the file.")
                    .arg(path)};
    }
    if (kind && kind->warehouse) {
        auto connector = WarehouseFactory::create(workspace, connection);
        if (!connector)
            return {ConnectionTester::Status::Failed, connector.error().toString()};
        auto version = (*connector)->test();
        if (!version)
            return {ConnectionTester::Status::Failed, version.error().toString()};
        return {ConnectionTester::Status::Ok, *version + tlsWarning(connection)};
    }
    if (connection.kind == QLatin1String("file")) {
        // A file destination works when its folder can be created and written.
        const QString path = workspace.resolvePath(connection.string(QStringLiteral("path")));
        // A run replaces the file by renaming a new one onto it, which a folder refuses.
        if (const QFileInfo info(path); info.isDir())
            return {ConnectionTester::Status::Failed,
                QStringLiteral("%1: is a folder; the connection's \"path\" must name a file").arg(path)};
        return writableFolder(path, QStringLiteral("writable: %1").arg(path));
    }
    if (connection.kind == QLatin1String("webhook"))
        return testWebhook(connection);
    if (connection.kind == QLatin1String("hubspot"))
        return testHubSpot(workspace, connection);
    if (connection.kind == QLatin1String("salesforce"))
        return testSalesforce(workspace, connection);
    if (connection.kind == QLatin1String("zendesk"))
        return testZendesk(workspace, connection);
    return {ConnectionTester::Status::NotTested,
        QStringLiteral("not tested: this build has no %1 destination connector yet").arg(connection.kind)};
}

} // namespace Ebb
