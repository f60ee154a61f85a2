#pragma once

#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace Ebb {

// Watches a workspace's ebb.json, connections/ and syncs/ (the folders and every file in
// them): a `git pull`, an editor or ebb-cli changing a file is reported once, 300 ms after
// the last change (a checkout writes many).
class WorkspaceWatcher : public QObject
{
    Q_OBJECT

public:
    explicit WorkspaceWatcher(QObject* parent = nullptr);

    void watch(const QString& root);
    // Changes made by Ebb itself (a save) are not news: call before writing, they are dropped.
    void ignoreNextChange() { m_ignoreUntil.start(); }

Q_SIGNALS:
    void changed();

private:
    void rewatch();

    QFileSystemWatcher m_watcher;
    QTimer m_settle;
    QString m_root;
    QElapsedTimer m_ignoreUntil;
};

} // namespace Ebb
