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

QString Workspace::keychainKey(const QString& connectionId, const QString& field) const
{
    // ARCHITECTURE.md names "<workspace-name>/<connection-id>"; a connection with two secrets
    // would need the field too, but every kind has at most one, so the short form holds.
    Q_UNUSED(field)
    return name + QLatin1Char('/') + connectionId;
}

} // namespace Ebb
