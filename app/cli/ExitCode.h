#pragma once

#include "models/Result.h"

namespace Ebb {

// ARCHITECTURE.md, "ebb-cli": the exit codes scripts and cron rely on.
enum class ExitCode : int {
    Ok = 0, // all records synced / the command succeeded
    Failed = 1, // the run failed (a database or network error)
    BadConfig = 2, // bad configuration or input; the message names file and field
    SomeRejected = 3 // finished, but some records were rejected or failed
};

inline ExitCode exitCodeFor(const Error& error)
{
    switch (error.category) {
    case Error::Category::Config:
    case Error::Category::Secret:
        return ExitCode::BadConfig;
    default:
        return ExitCode::Failed;
    }
}

} // namespace Ebb
