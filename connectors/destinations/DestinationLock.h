#pragma once

#include "models/Result.h"

#include <QLockFile>
#include <memory>

namespace Ebb {

// One writer per destination file at a time, across syncs, threads and processes. A file
// destination copies the file, adds its records and renames the copy into place; two runs
// doing that at once would each rename over the other, and the records of the first, already
// acknowledged, would be gone. The lock is a file in the workspace's .ebb/locks/ named after
// the destination's canonical path, held from begin() to finish() (as RunLock, QLockFile: a
// lock left by a dead process is taken over).
class DestinationLock
{
public:
    // Waits up to `waitMs` for another run to finish with the file at `path`.
    static Result<std::unique_ptr<DestinationLock>> acquire(const QString& lockDir, const QString& path, int waitMs);
    static QString lockPath(const QString& lockDir, const QString& path);

private:
    explicit DestinationLock(const QString& path)
        : m_file(path)
    {
    }
    QLockFile m_file;
};

} // namespace Ebb
