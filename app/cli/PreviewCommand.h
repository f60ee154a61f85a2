#pragma once

#include "CliContext.h"

namespace Ebb {

// ebb-cli preview --workspace W <sync> [--limit N] [--json]: the first rows of a sync's
// query, read through the same connector a run uses. Sends nothing.
class PreviewCommand
{
public:
    static ExitCode run(const CliContext& context);
};

} // namespace Ebb
