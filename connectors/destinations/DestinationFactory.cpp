#include "DestinationFactory.h"

#include "FileDestination.h"
#include "SqliteTableDestination.h"

namespace Ebb {

Result<std::unique_ptr<Destination>> DestinationFactory::create(const Workspace& workspace, const SyncSpec& sync)
{
    const ConnectionSpec* connection = workspace.connection(sync.destinationConnection);
    if (!connection)
        return Error::config(QStringLiteral("sync \"%1\": no connection \"%2\"").arg(sync.id, sync.destinationConnection));
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
        if (sync.object.isEmpty())
            return Error::config(QStringLiteral("sync \"%1\": $.destination.object must name the table to write").arg(sync.id));
        return std::unique_ptr<Destination>(std::make_unique<SqliteTableDestination>(
            workspace.resolvePath(connection->string(QStringLiteral("path"))), sync.object, sync.matchField, sync.mode));
    }
    return Error::config(QStringLiteral("sync \"%1\": this build cannot write to %2 connections yet").arg(sync.id, connection->kind));
}

} // namespace Ebb
