#include "ConnectionSpec.h"

namespace Ebb {

std::optional<SecretRef> ConnectionSpec::secret(const QString& key) const
{
    if (!json.contains(key))
        return std::nullopt;
    return SecretRef::parse(json.value(key).toString());
}

} // namespace Ebb
