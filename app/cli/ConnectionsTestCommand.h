#pragma once

#include "CliContext.h"

namespace Ebb {

// ebb-cli connections test --workspace W [<connection>…]
class ConnectionsTestCommand
{
public:
    static ExitCode run(const CliContext& context);
};

} // namespace Ebb
