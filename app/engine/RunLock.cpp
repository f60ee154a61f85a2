#include "RunLock.h"

#include "app/workspace/PrivateState.h"

#include <QDir>

namespace Ebb {

Result<std::unique_ptr<RunLock>> RunLock::acquire(const QString& stateDir, const QString& sync)
{
    const QString folder = QDir(stateDir).filePath(QStringLiteral("locks"));
    if (auto made = PrivateState::ensureFolder(folder); !made)
        return made.error();
    const QString path = QDir(folder).filePath(sync + QStringLiteral(".lock"));
    if (auto file = PrivateState::checkFile(path); !file)
        return file.error();
    std::unique_ptr<RunLock> lock(new RunLock(path));
    lock->m_file.setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
    if (lock->m_file.tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host, app;
    lock->m_file.getLockInfo(&pid, &host, &app);
    return Error::config(QStringLiteral("sync \"%1\" is already running (process %2 on %3); one run per sync at a time")
                             .arg(sync).arg(pid).arg(host));
}

} // namespace Ebb
