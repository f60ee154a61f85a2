#include "RecentWorkspaces.h"

#include "Settings.h"

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
    for (const QString& folder : windowSettings().value(key).toStringList()) {
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("ebb.json"))))
            folders << folder;
    }
    return folders;
}

void add(const QString& folder)
{
    const QString absolute = QDir(folder).absolutePath();
    QStringList folders = windowSettings().value(key).toStringList();
    folders.removeAll(absolute);
    folders.prepend(absolute);
    windowSettings().setValue(key, folders.mid(0, limit));
}

QString last()
{
    return list().value(0);
}

} // namespace Ebb::RecentWorkspaces
