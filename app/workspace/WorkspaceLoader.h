#pragma once

#include "models/Result.h"
#include "models/Workspace.h"

namespace Ebb {

class JsonChecker;

// Loads and validates a workspace folder. Every problem found is reported, each naming
// the file, the JSON path and what is wrong; one bad file does not hide the next.
class WorkspaceLoader
{
public:
    // Fails on any problem in any file.
    static Result<Workspace> load(const QString& folder);
    // Fails only when the workspace as a whole cannot be read (no or a broken ebb.json). A
    // connection or sync file with problems is set aside in brokenConnections/brokenSyncs, and
    // a sync that names a broken connection joins them: each stops only what depends on it.
    static Result<Workspace> open(const QString& folder);

    // Each check on its own, for editors that validate one file as the user types.
    static std::optional<ConnectionSpec> parseConnection(
        const QJsonObject& json, const QString& fileStem, JsonChecker& checker);
    static std::optional<SyncSpec> parseSync(const QJsonObject& json, const QString& fileStem, JsonChecker& checker);
    // Cross-file checks: references to connections, their roles.
    static void checkReferences(const Workspace& workspace, const SyncSpec& sync, JsonChecker& checker);
};

} // namespace Ebb
