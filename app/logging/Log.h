#pragma once

#include "models/Result.h"

#include <QString>
#include <memory>
#include <spdlog/logger.h>

namespace Ebb {

class LogBridge;

// The process-wide logger: a rotating file in <workspace>/.ebb/logs/ebb.log, optionally
// stderr (the CLI) and a LogBridge (the GUI), all behind the redaction step. Qt's own
// messages (qWarning…) are routed into it too.
class Log
{
public:
    struct Options
    {
        QString directory; // where ebb.log rotates; empty for none
        bool toStderr = false; // the CLI's warnings and errors
        bool verbose = false; // debug level
    };

    // An error when ebb.log cannot be opened (a read-only workspace, .ebb or the log not what
    // they should be): logging goes on without the file, and the caller decides whether that
    // may stop it (a run, which must record its state there).
    static Result<void> init(const Options& options);
    // Sends every line to `bridge` too (the GUI's log view); nullptr detaches it.
    static void attachBridge(LogBridge* bridge);
    static std::shared_ptr<spdlog::logger> logger();
    static void shutdown();
};

} // namespace Ebb
