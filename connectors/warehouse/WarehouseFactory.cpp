#include "WarehouseFactory.h"

#include "connectors/secrets/SecretResolver.h"
#include "mysql/MysqlWarehouse.h"
#include "odbc/OdbcWarehouse.h"
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
    if (connection.kind == QLatin1String("mysql")) {
        MysqlSettings settings{connection.string(QStringLiteral("host")),
            connection.integer(QStringLiteral("port"), 3306), connection.string(QStringLiteral("database")),
            connection.string(QStringLiteral("user")), {}, connection.integer(QStringLiteral("connectTimeout"), 15)};
        if (connection.json.contains(QStringLiteral("password"))) {
            auto password = SecretResolver::resolve(connection, QStringLiteral("password"));
            if (!password)
                return password.error();
            settings.password = *password;
        }
        return std::unique_ptr<WarehouseConnector>(std::make_unique<MysqlWarehouse>(connection.id, settings));
    }
    if (connection.kind == QLatin1String("odbc")) {
        QString password;
        if (connection.json.contains(QStringLiteral("password"))) {
            auto resolved = SecretResolver::resolve(connection, QStringLiteral("password"));
            if (!resolved)
                return resolved.error();
            password = *resolved;
        }
        return std::unique_ptr<WarehouseConnector>(
            std::make_unique<OdbcWarehouse>(connection.id, connection.string(QStringLiteral("connectionString")),
                password, int(connection.integer(QStringLiteral("connectTimeout"), 15))));
    }
    return Error::config(QStringLiteral("connection \"%1\" (%2) is not a warehouse; a sync's source must be a sqlite, "
                                        "postgres, mysql or odbc connection")
                             .arg(connection.id, connection.kind));
}

} // namespace Ebb
