#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QFileSystemWatcher;

namespace Ebb {

// The file a sync was read from or saved to, watched: says when it changes on disk into
// something other than what the editor last read or wrote (another editor, a git checkout).
class SavedFileWatch : public QObject
{
    Q_OBJECT

public:
    explicit SavedFileWatch(QObject* parent = nullptr);

    // From now on, `path` as it is now ("" watches nothing).
    void watch(const QString& path);

Q_SIGNALS:
    void changed(const QString& path);

private:
    static QByteArray hashOf(const QString& path);

    QFileSystemWatcher* m_watcher;
    QString m_path;
    QByteArray m_hash; // the file as the editor last read or wrote it
};

} // namespace Ebb
