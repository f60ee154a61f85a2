#pragma once

#include "models/Result.h"
#include "models/Workspace.h"

namespace Ebb {

// Saves workspace files atomically and stably, keeping fields this version does not know.
class WorkspaceWriter
{
public:
    static Result<void> save(const Workspace& workspace);
    static Result<void> saveManifest(const Workspace& workspace);
    // A new connection or sync (empty filePath) goes to connections/<id>.json or syncs/<id>.json.
    static Result<void> saveConnection(const Workspace& workspace, const ConnectionSpec& connection);
    static Result<void> saveSync(const Workspace& workspace, const SyncSpec& sync);
};

} // namespace Ebb
