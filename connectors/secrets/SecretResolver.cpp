#include "SecretResolver.h"

#include "CredentialStore.h"
#include "KnownSecrets.h"

namespace Ebb {

Result<QString> SecretResolver::resolve(const Workspace& workspace, const ConnectionSpec& connection, const QString& field)
{
    if (!connection.json.contains(field))
        return QString();
    const auto ref = connection.secret(field);
    if (!ref)
        return Error::config(QStringLiteral("connection \"%1\": field \"%2\" must be \"keychain\" or \"env:VARNAME\"")
                                 .arg(connection.id, field));
    if (ref->kind() == SecretRef::Kind::Environment) {
        if (!qEnvironmentVariableIsSet(ref->variable().toUtf8().constData()))
            return Error::secret(QStringLiteral("connection \"%1\": field \"%2\" refers to the environment variable %3, "
                                                "which is not set")
                                     .arg(connection.id, field, ref->variable()));
        const QString value = qEnvironmentVariable(ref->variable().toUtf8().constData());
        KnownSecrets::add(value);
        return value;
    }
    auto value = CredentialStore::readBlocking(workspace.keychainKey(connection.id, field));
    if (!value)
        return Error::secret(QStringLiteral("connection \"%1\": %2").arg(connection.id, value.error().message));
    return value;
}

} // namespace Ebb
