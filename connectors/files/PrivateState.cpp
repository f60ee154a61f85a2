#include "PrivateState.h"

#include <QDir>
#include <QFile>
#include <QStringList>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Ebb {

namespace {

Error refuse(const QString& path, const QString& why)
{
    return Error::io(QStringLiteral("%1: %2; Ebb keeps its state private and refuses it").arg(path, why));
}

Result<void> ensureOne(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat st
    {
    };
    if (::lstat(native.constData(), &st) != 0) {
        if (errno != ENOENT)
            return Error::io(QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
            return Error::io(QStringLiteral("%1: cannot create the folder: %2")
                                 .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        if (::lstat(native.constData(), &st) != 0)
            return Error::io(QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (S_ISLNK(st.st_mode))
        return refuse(path, QStringLiteral("is a symbolic link"));
    if (!S_ISDIR(st.st_mode))
        return refuse(path, QStringLiteral("is not a folder"));
    if (st.st_uid != ::geteuid())
        return refuse(path, QStringLiteral("is owned by user id %1, not by you").arg(st.st_uid));
    // Group and other bits go; the owner's are left as they are (a folder its user made
    // read-only stays so). On a read-only file system the mode cannot change, and reading the
    // state there is still fine.
    if ((st.st_mode & 077) != 0)
        (void)::chmod(native.constData(), st.st_mode & 0700);
    return {};
}

} // namespace

Result<void> PrivateState::ensureFolder(const QString& folder)
{
    const QString clean = QDir::cleanPath(QDir(folder).absolutePath());
    const QStringList parts = clean.split(QLatin1Char('/'));
    const qsizetype first = parts.lastIndexOf(QStringLiteral(".ebb"));
    if (first < 0) // not a workspace's state: only made, never re-moded
        return QDir().mkpath(clean)
            ? Result<void>()
            : Result<void>(Error::io(QStringLiteral("%1: cannot create the folder").arg(clean)));
    // Folders above .ebb are the user's own business; .ebb and below are Ebb's.
    const QString above = parts.mid(0, first).join(QLatin1Char('/'));
    if (!above.isEmpty() && !QDir().mkpath(above))
        return Error::io(QStringLiteral("%1: cannot create the folder").arg(above));
    QString path = above;
    for (qsizetype i = first; i < parts.size(); ++i) {
        path += QLatin1Char('/') + parts[i];
        if (auto ok = ensureOne(path); !ok)
            return ok;
    }
    return {};
}

Result<void> PrivateState::checkFile(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat st
    {
    };
    if (::lstat(native.constData(), &st) != 0)
        return {}; // created later, 0600 by whoever creates it
    if (S_ISLNK(st.st_mode))
        return refuse(path, QStringLiteral("is a symbolic link"));
    if (!S_ISREG(st.st_mode))
        return refuse(path, QStringLiteral("is not a regular file"));
    if ((st.st_mode & 077) != 0 && st.st_uid == ::geteuid())
        (void)::chmod(native.constData(), st.st_mode & 0600);
    return {};
}

Result<int> PrivateState::openAppend(const QString& path)
{
    const int fd
        = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == ELOOP
            ? Result<int>(refuse(path, QStringLiteral("is a symbolic link")))
            : Result<int>(Error::io(QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)))));
    (void)::fchmod(fd, 0600);
    return fd;
}

} // namespace Ebb
