#include "DestinationFactory.h"

#include "FileDestination.h"
#include "NamedDestination.h"
#include "PostgresTableDestination.h"
#include "SqliteTableDestination.h"

#include "connectors/secrets/SecretResolver.h"

namespace Ebb {

Result<std::unique_ptr<Destination>> DestinationFactory::create(const Workspace& workspace, const SyncSpec& sync)
{
    const ConnectionSpec* connection = workspace.connection(sync.destinationConnection);
    if (!connection)
        return Error::config(QStringLiteral("sync \"%1\": no connection \"%2\"").arg(sync.id, sync.destinationConnection));
    auto destination = make(workspace, sync, *connection);
    if (!destination)
        return destination.error();
    return std::unique_ptr<Destination>(std::make_unique<NamedDestination>(connection->id, std::move(*destination)));
}

Result<std::unique_ptr<Destination>> DestinationFactory::forDescribing(const Workspace& workspace, const QString& connectionId,
                                                                       const QString& object)
{
    const ConnectionSpec* connection = workspace.connection(connectionId);
    if (!connection)
        return Error::config(QStringLiteral("no connection \"%1\" in %2/connections").arg(connectionId, workspace.root));
    SyncSpec sync;
    sync.destinationConnection = connectionId;
    sync.object = object;
    auto destination = make(workspace, sync, *connection, true);
    if (!destination)
        return destination.error();
    return std::unique_ptr<Destination>(std::make_unique<NamedDestination>(connection->id, std::move(*destination)));
}

Result<std::unique_ptr<Destination>> DestinationFactory::make(const Workspace& workspace, const SyncSpec& sync,
                                                              const ConnectionSpec& spec, bool describing)
{
    const ConnectionSpec* connection = &spec;
    QStringList targets;
    for (const auto& m : sync.mappings)
        targets << m.target;
    if (connection->kind == QLatin1String("file")) {
        const auto format = connection->string(QStringLiteral("format")) == QLatin1String("csv") ? FileDestination::Format::Csv
                                                                                                  : FileDestination::Format::Jsonl;
        const bool append = connection->string(QStringLiteral("write")) == QLatin1String("append");
        return std::unique_ptr<Destination>(std::make_unique<FileDestination>(
            workspace.resolvePath(connection->string(QStringLiteral("path"))), format, append, targets));
    }
    if (connection->kind == QLatin1String("sqlite")) {
        if (sync.object.isEmpty() && !describing)
            return Error::config(QStringLiteral("sync \"%1\": $.destination.object must name the table to write").arg(sync.id));
        return std::unique_ptr<Destination>(std::make_unique<SqliteTableDestination>(
            workspace.resolvePath(connection->string(QStringLiteral("path"))), sync.object, sync.matchField, sync.mode));
    }
    if (connection->kind == QLatin1String("postgres")) {
        if (sync.object.isEmpty() && !describing)
            return Error::config(QStringLiteral("sync \"%1\": $.destination.object must name the table to write (schema.table)").arg(sync.id));
        auto password = SecretResolver::resolve(workspace, *connection, QStringLiteral("password"));
        if (!password)
            return password.error();
        PgSettings settings;
        settings.host = connection->string(QStringLiteral("host"));
        settings.port = connection->integer(QStringLiteral("port"), 5432);
        settings.database = connection->string(QStringLiteral("database"));
        settings.user = connection->string(QStringLiteral("user"));
        settings.password = *password;
        settings.sslmode = connection->string(QStringLiteral("sslmode"), QStringLiteral("prefer"));
        settings.connectTimeoutSeconds = connection->integer(QStringLiteral("connectTimeout"), 10);
        return std::unique_ptr<Destination>(std::make_unique<PostgresTableDestination>(settings, sync.object, sync.matchField, sync.mode));
    }
    return Error::config(QStringLiteral("sync \"%1\": this build cannot write to %2 connections yet").arg(sync.id, connection->kind));
}

} // namespace Ebb
