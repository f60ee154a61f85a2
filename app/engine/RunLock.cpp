#include "RunLock.h"

#include "connectors/files/PrivateState.h"

#include <QDir>
#include <QSysInfo>
#include <cerrno>
#include <csignal>

namespace Ebb {

QString RunLock::path(const QString& stateDir, const QString& sync)
{
    return QDir(QDir(stateDir).filePath(QStringLiteral("locks"))).filePath(sync + QStringLiteral(".lock"));
}

bool RunLock::isHeld(const QString& stateDir, const QString& sync)
{
    QLockFile file(path(stateDir, sync));
    qint64 pid = 0;
    QString host, app;
    if (!file.getLockInfo(&pid, &host, &app))
        return false; // no lock file: released
    if (host != QSysInfo::machineHostName())
        return true;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

Result<std::unique_ptr<RunLock>> RunLock::acquire(const QString& stateDir, const QString& sync)
{
    if (auto made = PrivateState::ensureFolder(QDir(stateDir).filePath(QStringLiteral("locks"))); !made)
        return made.error();
    if (auto file = PrivateState::checkFile(path(stateDir, sync)); !file)
        return file.error();
    std::unique_ptr<RunLock> lock(new RunLock(path(stateDir, sync)));
    lock->m_file.setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
    if (lock->m_file.tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host, app;
    lock->m_file.getLockInfo(&pid, &host, &app);
    return Error::config(QStringLiteral("sync \"%1\" is already running (process %2 on %3); one run per sync at a time")
                             .arg(sync)
                             .arg(pid)
                             .arg(host));
}

} // namespace Ebb
