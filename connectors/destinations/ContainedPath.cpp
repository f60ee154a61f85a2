#include "ContainedPath.h"

#include "connectors/config/UserConfig.h"

#include <QDir>
#include <QFileInfo>

namespace Ebb {

Result<QString> ContainedPath::resolve(const QString& workspaceRoot, const QString& path, const QString& what)
{
    const QString root = QDir::cleanPath(QDir(workspaceRoot).absolutePath());
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    const QString absolute = QDir::cleanPath(QDir(root).absoluteFilePath(path));
    const UserConfig config = UserConfig::load();
    const auto refused = [&](const QString& why) {
        return Error::config(
            QStringLiteral("%1: \"%2\" %3. A destination writes inside the workspace folder %4 unless you "
                           "allow another folder in your own %5 (\"allowPaths\": [\"/some/folder\"])")
                .arg(what, path, why, root, UserConfig::filePath()));
    };
    const bool allowed = config.allowsPath(absolute);
    if (!allowed && !UserConfig::isInside(absolute, root))
        return refused(QStringLiteral("is outside the workspace folder"));
    // The nearest folder that exists, as the file system resolves it: a symbolic link on the
    // way must not lead out.
    QString existing = QFileInfo(absolute).absolutePath();
    while (!QFileInfo::exists(existing) && existing != QLatin1String("/"))
        existing = QFileInfo(existing).absolutePath();
    const QString real = QFileInfo(existing).canonicalFilePath();
    if (!allowed && !(UserConfig::isInside(real, canonicalRoot.isEmpty() ? root : canonicalRoot)))
        return refused(QStringLiteral("leads outside the workspace folder through a symbolic link"));
    if (allowed && !config.allowsPath(real))
        return refused(QStringLiteral("leads outside the allowed folder through a symbolic link"));
    if (QFileInfo(absolute).isSymLink())
        return refused(QStringLiteral("is a symbolic link; Ebb never writes through one"));
    return absolute;
}

} // namespace Ebb
