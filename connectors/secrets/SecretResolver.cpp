#include "SecretResolver.h"

#include "CredentialStore.h"
#include "KnownSecrets.h"
#include "connectors/config/UserConfig.h"

namespace Ebb {

Result<QString> SecretResolver::resolve(const ConnectionSpec& connection, const QString& field)
{
    if (!connection.json.contains(field))
        return QString();
    const auto ref = connection.secret(field);
    if (!ref)
        return Error::config(QStringLiteral("connection \"%1\": field \"%2\" must be \"keychain\" or \"env:VARNAME\"")
                                 .arg(connection.id, field));
    if (ref->kind() == SecretRef::Kind::Environment) {
        // A shared workspace must not be able to send any variable of the user's (a
        // GITHUB_TOKEN, say) to a host of its choosing: only EBB_* ones, or those the user
        // named in their own config.
        if (!UserConfig::load().allowsEnvironmentVariable(ref->variable()))
            return Error::secret(
                QStringLiteral("connection \"%1\": field \"%2\" refers to the environment variable %3; "
                               "a workspace may only read variables named EBB_*. Rename it, or allow it "
                               "in your own %4 (\"allowEnv\": [\"%3\"])")
                    .arg(connection.id, field, ref->variable(), UserConfig::filePath()));
        if (!qEnvironmentVariableIsSet(ref->variable().toUtf8().constData()))
            return Error::secret(
                QStringLiteral("connection \"%1\": field \"%2\" refers to the environment variable %3, "
                               "which is not set")
                    .arg(connection.id, field, ref->variable()));
        const QString value = qEnvironmentVariable(ref->variable().toUtf8().constData());
        KnownSecrets::add(value);
        return value;
    }
    auto value = CredentialStore::readBlocking(connection.keychainKey(field));
    if (!value)
        return Error::secret(QStringLiteral("connection \"%1\": %2").arg(connection.id, value.error().message));
    return value;
}

} // namespace Ebb
