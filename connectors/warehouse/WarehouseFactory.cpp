#include "WarehouseFactory.h"

#include "postgres/PgSettingsBuilder.h"
#include "postgres/PostgresWarehouse.h"
#include "sqlite/SqliteWarehouse.h"

namespace Ebb {

Result<std::unique_ptr<WarehouseConnector>> WarehouseFactory::create(
    const Workspace& workspace, const ConnectionSpec& connection)
{
    if (connection.kind == QLatin1String("sqlite")) {
        return std::unique_ptr<WarehouseConnector>(std::make_unique<SqliteWarehouse>(
            connection.id, workspace.resolvePath(connection.string(QStringLiteral("path")))));
    }
    if (connection.kind == QLatin1String("postgres")) {
        // Reads only: every transaction of the session is READ ONLY.
        auto settings = PgSettingsBuilder::build(connection, workspace.root, true);
        if (!settings)
            return settings.error();
        return std::unique_ptr<WarehouseConnector>(std::make_unique<PostgresWarehouse>(connection.id, *settings));
    }
    return Error::config(
        QStringLiteral("connection \"%1\" (%2) is not a warehouse; a sync's source must be a sqlite or "
                       "postgres connection")
            .arg(connection.id, connection.kind));
}

} // namespace Ebb
