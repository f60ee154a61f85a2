#pragma once

#include <QString>

namespace Ebb {

// How much a run's log line matters: what the run log file, spdlog and the window show.
enum class LogLevel { Debug, Info, Warning, Error };

// "debug", "info", "warning", "error": the run log file's words.
inline QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return QStringLiteral("debug");
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warning:
        return QStringLiteral("warning");
    case LogLevel::Error:
        return QStringLiteral("error");
    }
    return {};
}

} // namespace Ebb
