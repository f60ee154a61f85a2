#include "RecentWorkspaces.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace Ebb::RecentWorkspaces {

namespace {

const QString key = QStringLiteral("workspaces/recent");

} // namespace

QStringList list()
{
    QStringList folders;
    for (const QString& folder : QSettings().value(key).toStringList()) {
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("ebb.json"))))
            folders << folder;
    }
    return folders;
}

void add(const QString& folder)
{
    const QString absolute = QDir(folder).absolutePath();
    QStringList folders = QSettings().value(key).toStringList();
    folders.removeAll(absolute);
    folders.prepend(absolute);
    QSettings().setValue(key, folders.mid(0, limit));
}

QString last()
{
    return list().value(0);
}

} // namespace Ebb::RecentWorkspaces
