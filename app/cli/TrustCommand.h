#pragma once

#include "CliContext.h"

namespace Ebb {

// `ebb-cli trust <folder>`: prints what the workspace connects to and records the user's
// trust in it without a prompt, so scripts and cron set-ups can call it (as `direnv allow`).
class TrustCommand
{
public:
    static ExitCode run(const CliContext& context);
};

} // namespace Ebb
