#include "DestinationLock.h"

#include "connectors/files/PrivateState.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <spdlog/spdlog.h>

namespace Ebb {

QString DestinationLock::lockPath(const QString& lockDir, const QString& path)
{
    // The folder's canonical path (the file itself may not exist yet): two connections that
    // spell the same file differently ("out/x.jsonl", "./out/../out/x.jsonl") share one lock.
    const QFileInfo info(path);
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    const QString canonical = (folder.isEmpty() ? info.absolutePath() : folder) + QLatin1Char('/') + info.fileName();
    const QByteArray hash = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    return QDir(lockDir).filePath(QStringLiteral("file-%1.lock").arg(QString::fromLatin1(hash)));
}

Result<std::unique_ptr<DestinationLock>> DestinationLock::acquire(
    const QString& lockDir, const QString& path, int waitMs)
{
    // The locks live in the workspace's private .ebb/locks, like the runs' own (RunLock).
    if (auto made = PrivateState::ensureFolder(lockDir); !made)
        return made.error();
    if (auto file = PrivateState::checkFile(lockPath(lockDir, path)); !file)
        return file.error();
    std::unique_ptr<DestinationLock> lock(new DestinationLock(lockPath(lockDir, path)));
    lock->m_file.setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
    if (lock->m_file.tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host, app;
    lock->m_file.getLockInfo(&pid, &host, &app);
    spdlog::info("{}: another run (process {}) is writing it; waiting for it to finish", path.toStdString(), pid);
    if (lock->m_file.tryLock(waitMs))
        return lock;
    return Error::io(
        QStringLiteral("%1: another run (process %2 on %3) has been writing it for over %4 s; try again when it "
                       "has finished")
            .arg(path)
            .arg(pid)
            .arg(host)
            .arg(waitMs / 1000));
}

} // namespace Ebb
