#include "WarehouseFactory.h"

#include "connectors/secrets/SecretResolver.h"
#include "postgres/PostgresWarehouse.h"
#include "sqlite/SqliteWarehouse.h"

namespace Ebb {

Result<std::unique_ptr<WarehouseConnector>> WarehouseFactory::create(const Workspace& workspace,
                                                                      const ConnectionSpec& connection)
{
    if (connection.kind == QLatin1String("sqlite")) {
        return std::unique_ptr<WarehouseConnector>(std::make_unique<SqliteWarehouse>(
            connection.id, workspace.resolvePath(connection.string(QStringLiteral("path")))));
    }
    if (connection.kind == QLatin1String("postgres")) {
        auto password = SecretResolver::resolve(workspace, connection, QStringLiteral("password"));
        if (!password)
            return password.error();
        PgSettings settings;
        settings.host = connection.string(QStringLiteral("host"));
        settings.port = connection.integer(QStringLiteral("port"), 5432);
        settings.database = connection.string(QStringLiteral("database"));
        settings.user = connection.string(QStringLiteral("user"));
        settings.password = *password;
        settings.sslmode = connection.string(QStringLiteral("sslmode"), QStringLiteral("prefer"));
        settings.connectTimeoutSeconds = connection.integer(QStringLiteral("connectTimeout"), 10);
        return std::unique_ptr<WarehouseConnector>(std::make_unique<PostgresWarehouse>(connection.id, settings));
    }
    return Error::config(QStringLiteral("connection \"%1\" (%2) is not a warehouse; a sync's source must be a sqlite or "
                                        "postgres connection")
                             .arg(connection.id, connection.kind));
}

} // namespace Ebb
