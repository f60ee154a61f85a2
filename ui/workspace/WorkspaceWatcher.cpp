#include "WorkspaceWatcher.h"

#include <QDir>

namespace Ebb {

WorkspaceWatcher::WorkspaceWatcher(QObject* parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(300);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&m_settle, &QTimer::timeout, this, [this] {
        rewatch(); // a file replaced (saved atomically) is a new file to watch
        if (m_ignoreUntil.isValid() && m_ignoreUntil.elapsed() < 1500)
            return;
        Q_EMIT changed();
    });
}

void WorkspaceWatcher::watch(const QString& root)
{
    m_root = root;
    rewatch();
}

void WorkspaceWatcher::rewatch()
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    if (m_root.isEmpty())
        return;
    const QDir root(m_root);
    QStringList paths{root.filePath(QStringLiteral("ebb.json"))};
    for (const char* sub : {"connections", "syncs"}) {
        const QDir dir(root.filePath(QLatin1String(sub)));
        if (!dir.exists())
            continue;
        paths << dir.absolutePath();
        for (const QString& file : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
            paths << dir.filePath(file);
    }
    m_watcher.addPaths(paths);
}

} // namespace Ebb
