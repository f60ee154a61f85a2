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
    // True while a live process holds the sync's lock, without taking it (a run starting now
    // must not find it taken). A lock file left by a dead process on this machine is not held;
    // one from another machine is assumed held, as nothing here can tell.
    static bool isHeld(const QString& stateDir, const QString& sync);

private:
    static QString path(const QString& stateDir, const QString& sync);
    explicit RunLock(const QString& path)
        : m_file(path)
    {
    }
    QLockFile m_file;
};

} // namespace Ebb
