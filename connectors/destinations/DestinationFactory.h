#pragma once

#include "Destination.h"

#include "models/Workspace.h"

#include <memory>

namespace Ebb {

class DestinationFactory
{
public:
    // Resolves secrets (may block on the keychain): call it on the thread that runs the sync.
    // Its errors name the connection (NamedDestination).
    static Result<std::unique_ptr<Destination>> create(const Workspace& workspace, const SyncSpec& sync);

private:
    static Result<std::unique_ptr<Destination>> make(const Workspace& workspace, const SyncSpec& sync, const ConnectionSpec& connection);
};

} // namespace Ebb
