#include "Workspace.h"

namespace Ebb {

const ConnectionSpec* Workspace::connection(const QString& id) const
{
    for (const auto& c : connections) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

const SyncSpec* Workspace::sync(const QString& id) const
{
    for (const auto& s : syncs) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

} // namespace Ebb
