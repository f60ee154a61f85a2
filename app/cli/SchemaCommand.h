#pragma once

#include "CliContext.h"

namespace Ebb {

// ebb-cli schema --workspace W <connection> [<object>] [--json]: the objects a destination
// connection can write to, or one object's fields with the rules pre-send validation checks.
class SchemaCommand
{
public:
    static ExitCode run(const CliContext& context);
};

} // namespace Ebb
