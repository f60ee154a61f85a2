#include "RunLock.h"

#include <QDir>

namespace Ebb {

Result<std::unique_ptr<RunLock>> RunLock::acquire(const QString& stateDir, const QString& sync)
{
    const QString folder = QDir(stateDir).filePath(QStringLiteral("locks"));
    QDir().mkpath(folder);
    std::unique_ptr<RunLock> lock(new RunLock(QDir(folder).filePath(sync + QStringLiteral(".lock"))));
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
