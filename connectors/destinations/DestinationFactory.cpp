#include "DestinationFactory.h"

#include "ContainedPath.h"
#include "FileDestination.h"
#include "NamedDestination.h"
#include "PostgresTableDestination.h"
#include "SqliteTableDestination.h"
#include "WebhookDestination.h"
#include "connectors/secrets/SecretResolver.h"
#include "connectors/warehouse/postgres/PgSettingsBuilder.h"
#include "hubspot/HubSpotDestination.h"
#include "hubspot/HubSpotSchema.h"
#include "salesforce/SalesforceDestination.h"
#include "salesforce/SalesforceSchema.h"
#include "zendesk/ZendeskDestination.h"
#include "zendesk/ZendeskSchema.h"

namespace Ebb {

namespace {

// The limits every HTTP destination's connection may set (maxInFlight, rateLimit).
DispatcherOptions httpOptions(const ConnectionSpec& connection, int batchSize)
{
    DispatcherOptions options;
    options.maxBatchSize = batchSize;
    options.maxInFlight = connection.integer(QStringLiteral("maxInFlight"), 4);
    // A request with no byte moving for this long is given up and sent again (default 30 s).
    options.timeoutMs = connection.integer(QStringLiteral("timeoutSeconds"), options.timeoutMs / 1000) * 1000;
    const QJsonObject rate = connection.json.value(QStringLiteral("rateLimit")).toObject();
    options.rateLimit.requests = rate.value(QStringLiteral("requests")).toInt(0);
    options.rateLimit.perSeconds = rate.value(QStringLiteral("perSeconds")).toDouble(1.0);
    return options;
}

} // namespace

Result<std::unique_ptr<Destination>> DestinationFactory::create(const Workspace& workspace, const SyncSpec& sync)
{
    const ConnectionSpec* connection = workspace.connection(sync.destinationConnection);
    if (!connection)
        return Error::config(
            QStringLiteral("sync \"%1\": no connection \"%2\"").arg(sync.id, sync.destinationConnection));
    auto destination = make(workspace, sync, *connection);
    if (!destination)
        return destination.error();
    return std::unique_ptr<Destination>(std::make_unique<NamedDestination>(connection->id, std::move(*destination)));
}

Result<std::unique_ptr<Destination>> DestinationFactory::forDescribing(
    const Workspace& workspace, const QString& connectionId, const QString& object)
{
    const ConnectionSpec* connection = workspace.connection(connectionId);
    if (!connection)
        return Error::config(
            QStringLiteral("no connection \"%1\" in %2/connections").arg(connectionId, workspace.root));
    SyncSpec sync;
    sync.destinationConnection = connectionId;
    sync.object = object;
    auto destination = make(workspace, sync, *connection, true);
    if (!destination)
        return destination.error();
    return std::unique_ptr<Destination>(std::make_unique<NamedDestination>(connection->id, std::move(*destination)));
}

Result<std::unique_ptr<Destination>> DestinationFactory::make(
    const Workspace& workspace, const SyncSpec& sync, const ConnectionSpec& spec, bool describing)
{
    const ConnectionSpec* connection = &spec;
    QStringList targets;
    QStringList keepOnNull; // "nulls": "skip"
    for (const auto& m : sync.mappings) {
        targets << m.target;
        if (sync.skipsNulls(m))
            keepOnNull << m.target;
    }
    if (connection->kind == QLatin1String("file")) {
        const auto format = connection->string(QStringLiteral("format")) == QLatin1String("csv")
            ? FileDestination::Format::Csv
            : FileDestination::Format::Jsonl;
        const bool append = connection->string(QStringLiteral("write")) == QLatin1String("append");
        auto path = ContainedPath::resolve(workspace.root, connection->string(QStringLiteral("path")),
            QStringLiteral("connection \"%1\": $.path").arg(connection->id));
        if (!path)
            return path.error();
        // Syncs of this workspace that share the file take turns at it (.ebb/locks).
        const QString lockDir = QDir(QDir(workspace.stateDir()).filePath(QStringLiteral("locks"))).absolutePath();
        return std::unique_ptr<Destination>(std::make_unique<FileDestination>(*path, format, append, targets, lockDir));
    }
    if (connection->kind == QLatin1String("sqlite")) {
        if (sync.object.isEmpty() && !describing)
            return Error::config(
                QStringLiteral("sync \"%1\": $.destination.object must name the table to write").arg(sync.id));
        auto path = ContainedPath::resolve(workspace.root, connection->string(QStringLiteral("path")),
            QStringLiteral("connection \"%1\": $.path").arg(connection->id));
        if (!path)
            return path.error();
        return std::unique_ptr<Destination>(
            std::make_unique<SqliteTableDestination>(*path, sync.object, sync.matchField, sync.mode, keepOnNull));
    }
    if (connection->kind == QLatin1String("postgres")) {
        if (sync.object.isEmpty() && !describing)
            return Error::config(
                QStringLiteral("sync \"%1\": $.destination.object must name the table to write (schema.table)")
                    .arg(sync.id));
        auto settings = PgSettingsBuilder::build(*connection, workspace.root, false);
        if (!settings)
            return settings.error();
        return std::unique_ptr<Destination>(
            std::make_unique<PostgresTableDestination>(*settings, sync.object, sync.matchField, sync.mode, keepOnNull));
    }
    if (connection->kind == QLatin1String("hubspot")) {
        // The loader checked baseUrl (https, or http on loopback: an emulator); none is HubSpot's own.
        auto token = SecretResolver::resolve(*connection, QStringLiteral("token"));
        if (!token)
            return token.error();
        DispatcherOptions options = httpOptions(*connection, HubSpotSchema::maxBatchSize);
        if (options.rateLimit.requests == 0) // HubSpot's smallest documented limit (Free and Starter apps)
            options.rateLimit = RateLimit{100, 10.0};
        // HubSpot's window rolls (TEN_SECONDLY_ROLLING): a steady pace fills it without a 429.
        options.rateLimit.burst = std::max(1, options.rateLimit.requests / 50);
        const QString baseUrl = connection->string(QStringLiteral("baseUrl"));
        return std::unique_ptr<Destination>(std::make_unique<HubSpotDestination>(
            QUrl(baseUrl.isEmpty() ? QLatin1String(HubSpotDestination::publicUrl) : baseUrl), *token, sync.object,
            sync.matchField, options));
    }
    if (connection->kind == QLatin1String("salesforce")) {
        // An access token, or what gets one (a refresh token with the connected app's id and
        // secret), or both: then an expired access token is refreshed.
        const auto secretOrEmpty = [&](const char* key) -> Result<QString> {
            if (!connection->json.contains(QLatin1String(key)))
                return QString();
            return SecretResolver::resolve(*connection, QLatin1String(key));
        };
        auto token = secretOrEmpty("accessToken");
        auto refreshToken = secretOrEmpty("refreshToken");
        auto clientSecret = secretOrEmpty("clientSecret");
        for (const auto* resolved : {&token, &refreshToken, &clientSecret}) {
            if (!*resolved)
                return resolved->error();
        }
        if (token->isEmpty() && refreshToken->isEmpty())
            return Error::config(QStringLiteral("connection \"%1\": give \"accessToken\", or \"refreshToken\" with "
                                                "\"clientId\" and \"clientSecret\"")
                                     .arg(connection->id));
        SalesforceProtocol::Refresh refresh{
            *refreshToken, connection->string(QStringLiteral("clientId")), *clientSecret};
        return std::unique_ptr<Destination>(
            std::make_unique<SalesforceDestination>(QUrl(connection->string(QStringLiteral("instanceUrl"))),
                connection->string(QStringLiteral("apiVersion")), *token, sync.object, sync.matchField,
                httpOptions(*connection, SalesforceSchema::maxBatchSize), nullptr, refresh,
                connection->integer(QStringLiteral("bulkThreshold"), SalesforceDestination::defaultBulkThreshold)));
    }
    if (connection->kind == QLatin1String("zendesk")) {
        auto token = SecretResolver::resolve(*connection, QStringLiteral("token"));
        if (!token)
            return token.error();
        return std::unique_ptr<Destination>(std::make_unique<ZendeskDestination>(
            QUrl(connection->string(QStringLiteral("baseUrl"))), connection->string(QStringLiteral("email")), *token,
            sync.matchField, httpOptions(*connection, ZendeskSchema::maxBatchSize)));
    }
    if (connection->kind == QLatin1String("webhook")) {
        // The loader checked the URL (https, or http on loopback; no user:password@).
        QString secret;
        if (connection->json.contains(QStringLiteral("secret"))) {
            auto resolved = SecretResolver::resolve(*connection, QStringLiteral("secret"));
            if (!resolved)
                return resolved.error();
            secret = *resolved;
        }
        QHash<QByteArray, QByteArray> headers;
        const QJsonObject given = connection->json.value(QStringLiteral("headers")).toObject();
        for (auto it = given.begin(); it != given.end(); ++it) {
            if (!it.value().isString())
                return Error::config(QStringLiteral("connection \"%1\": $.headers.%2: a header's value is a string")
                                         .arg(connection->id, it.key()));
            headers.insert(it.key().toLatin1(), it.value().toString().toUtf8());
        }
        const DispatcherOptions options = httpOptions(*connection, connection->integer(QStringLiteral("batchSize"), 1));
        return std::unique_ptr<Destination>(std::make_unique<WebhookDestination>(
            QUrl(connection->string(QStringLiteral("url"))), secret, sync.id, std::move(headers), options));
    }
    return Error::config(
        QStringLiteral("sync \"%1\": this build cannot write to %2 connections yet").arg(sync.id, connection->kind));
}

} // namespace Ebb
