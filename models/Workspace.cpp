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

QStringList Workspace::syncsWriting(const QString& connection, const QString& object, const QString& except) const
{
    QStringList ids;
    for (const SyncSpec& s : syncs) {
        if (s.id != except && s.destinationConnection == connection && s.object == object)
            ids << s.id;
    }
    return ids;
}

const BrokenFile* Workspace::brokenConnection(const QString& id) const
{
    for (const auto& b : brokenConnections) {
        if (b.id == id)
            return &b;
    }
    return nullptr;
}

const BrokenFile* Workspace::brokenSync(const QString& id) const
{
    for (const auto& b : brokenSyncs) {
        if (b.id == id)
            return &b;
    }
    return nullptr;
}

QStringList Workspace::syncProblems(const QString& id) const
{
    const BrokenFile* broken = brokenSync(id);
    if (!broken)
        return {};
    QStringList all = broken->problems;
    for (const QString& used : broken->uses) {
        if (const BrokenFile* connection = brokenConnection(used)) {
            for (const QString& problem : connection->problems) {
                if (!all.contains(problem))
                    all << problem;
            }
        }
    }
    return all;
}

} // namespace Ebb
