#pragma once

#include "Destination.h"

#include "models/Workspace.h"

#include <memory>

namespace Ebb {

class DestinationFactory
{
public:
    // Resolves secrets (may block on the keychain): call it on the thread that runs the sync.
    static Result<std::unique_ptr<Destination>> create(const Workspace& workspace, const SyncSpec& sync);
};

} // namespace Ebb
