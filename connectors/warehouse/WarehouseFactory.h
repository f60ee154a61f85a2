#pragma once

#include "WarehouseConnector.h"
#include "models/Workspace.h"

namespace Ebb {

class WarehouseFactory
{
public:
    // Builds the connector for a warehouse connection, resolving its secrets (which may
    // block on the keychain: call it on the thread that will use the connector, never the GUI's).
    static Result<std::unique_ptr<WarehouseConnector>> create(
        const Workspace& workspace, const ConnectionSpec& connection);
};

} // namespace Ebb
