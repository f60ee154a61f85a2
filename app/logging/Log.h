#pragma once

#include <QString>

#include <spdlog/logger.h>

#include <memory>

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
        QString directory;      // where ebb.log rotates; empty for none
        bool toStderr = false;  // the CLI's warnings and errors
        bool verbose = false;   // debug level
    };

    static void init(const Options& options);
    // Sends every line to `bridge` too (the GUI's log view); nullptr detaches it.
    static void attachBridge(LogBridge* bridge);
    static std::shared_ptr<spdlog::logger> logger();
    static void shutdown();
};

} // namespace Ebb
