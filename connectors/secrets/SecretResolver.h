#pragma once

#include "models/ConnectionSpec.h"
#include "models/Result.h"

namespace Ebb {

// Turns a connection's secret reference into the value, at the moment a connector needs
// it. Blocks on the keychain, so it runs on worker threads and in the CLI only.
class SecretResolver
{
public:
    // An absent optional secret resolves to an empty string.
    static Result<QString> resolve(const ConnectionSpec& connection, const QString& field);
};

} // namespace Ebb
