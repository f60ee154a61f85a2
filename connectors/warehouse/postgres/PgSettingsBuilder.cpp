#include "PgSettingsBuilder.h"

#include "connectors/secrets/SecretResolver.h"

#include <QDir>
#include <QHostAddress>

namespace Ebb {

Result<PgSettings> PgSettingsBuilder::build(
    const ConnectionSpec& connection, const QString& workspaceRoot, bool readOnly)
{
    auto password = SecretResolver::resolve(connection, QStringLiteral("password"));
    if (!password)
        return password.error();
    const auto path = [&](const char* key) {
        const QString value = connection.string(QLatin1String(key));
        return value.isEmpty() ? value : QDir(workspaceRoot).absoluteFilePath(value);
    };
    PgSettings settings;
    settings.host = connection.string(QStringLiteral("host"));
    settings.port = connection.integer(QStringLiteral("port"), 5432);
    settings.database = connection.string(QStringLiteral("database"));
    settings.user = connection.string(QStringLiteral("user"));
    settings.password = *password;
    settings.sslmode = sslmode(connection);
    settings.sslrootcert = path("sslrootcert");
    settings.sslcert = path("sslcert");
    settings.sslkey = path("sslkey");
    const bool tls
        = settings.sslmode == QLatin1String("require") || settings.sslmode.startsWith(QLatin1String("verify"));
    settings.channelBinding = tls && !settings.password.isEmpty();
    settings.readOnly = readOnly;
    settings.connectTimeoutSeconds = connection.integer(QStringLiteral("connectTimeout"), 10);
    settings.statementTimeoutSeconds = connection.integer(QStringLiteral("statementTimeout"), 0);
    return settings;
}

QString PgSettingsBuilder::sslmode(const ConnectionSpec& connection)
{
    const QString mode = connection.string(QStringLiteral("sslmode"));
    return mode.isEmpty() ? qEnvironmentVariable("PGSSLMODE", QStringLiteral("verify-full")) : mode;
}

bool PgSettingsBuilder::isLoopback(const QString& host)
{
    if (host.isEmpty() || host.startsWith(QLatin1Char('/')) || host == QLatin1String("localhost"))
        return true; // a Unix socket, or this machine
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace Ebb
