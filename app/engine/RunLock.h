#pragma once

#include "models/Result.h"

#include <QLockFile>

#include <memory>

namespace Ebb {

// One run per sync at a time, across threads and processes: a lock file in .ebb/locks/.
// A lock left by a crashed process is taken over (QLockFile checks the owner's PID).
class RunLock
{
public:
    static Result<std::unique_ptr<RunLock>> acquire(const QString& stateDir, const QString& sync);

private:
    explicit RunLock(const QString& path) : m_file(path) {}
    QLockFile m_file;
};

} // namespace Ebb
