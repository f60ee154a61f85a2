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

    // The destination behind `connectionId`, to list its objects (`object` empty) or describe
    // one; for nothing else.
    static Result<std::unique_ptr<Destination>> forDescribing(
        const Workspace& workspace, const QString& connectionId, const QString& object);

private:
    static Result<std::unique_ptr<Destination>> make(
        const Workspace& workspace, const SyncSpec& sync, const ConnectionSpec& connection, bool describing = false);
};

} // namespace Ebb
