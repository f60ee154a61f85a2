#pragma once

#include "CliContext.h"

namespace Ebb {

// ebb-cli runs [<sync>] and ebb-cli rejects <sync> [--run ID]: what the journal remembers.
class HistoryCommands
{
public:
    static ExitCode runs(const CliContext& context);
    static ExitCode rejects(const CliContext& context);
    // The requests of run `context.runId` and their answers (RequestLog), oldest first.
    static ExitCode requests(const CliContext& context);
};

} // namespace Ebb
