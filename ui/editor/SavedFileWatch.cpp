#include "SavedFileWatch.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace Ebb {

SavedFileWatch::SavedFileWatch(QObject* parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
{
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString& path) {
        // Editors and git replace files by renaming: watch the new file under the same name.
        if (!m_watcher->files().contains(path) && QFileInfo::exists(path))
            m_watcher->addPath(path);
        if (path == m_path && hashOf(path) != m_hash)
            Q_EMIT changed(path);
    });
}

void SavedFileWatch::watch(const QString& path)
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    m_path = path;
    m_hash = path.isEmpty() ? QByteArray() : hashOf(path);
    if (!path.isEmpty() && QFileInfo::exists(path))
        m_watcher->addPath(path);
}

QByteArray SavedFileWatch::hashOf(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace Ebb
