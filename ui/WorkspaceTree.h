#pragma once

#include "models/Workspace.h"

#include <QHash>
#include <QTreeWidget>

namespace Ebb {

// The workspace's connections and syncs, grouped, as the left-hand navigator.
class WorkspaceTree : public QTreeWidget
{
    Q_OBJECT

public:
    enum class ItemKind { Connection = 1, Sync = 2 };

    explicit WorkspaceTree(QWidget* parent = nullptr);
    void setWorkspace(const Workspace& workspace);
    void selectSync(const QString& id);
    // A new sync not saved yet: listed (in italics, "unsaved") and selected until the workspace
    // is read again (after Save) or removeUnsaved() takes it away (discarded).
    void showUnsavedSync(const QString& id);
    void removeUnsaved();
    // A connection's last test: ok or failing (its words as the tooltip); untested until then.
    void setConnectionState(const QString& id, bool ok, const QString& text);
    QString connectionStateName(const QString& id) const; // "ok", "failing" or "untested"
    // The actions offered on a right click: on a connection (or the Connections group) and on a sync.
    void setContextActions(QList<QAction*> onConnections, QList<QAction*> onSyncs);

Q_SIGNALS:
    void connectionSelected(const QString& id);
    void syncSelected(const QString& id);
    void connectionActivated(const QString& id); // double-click or Enter: edit it

private:
    QTreeWidgetItem* m_connections = nullptr;
    QTreeWidgetItem* m_syncs = nullptr;
    QTreeWidgetItem* m_unsaved = nullptr;
    struct State
    {
        bool ok = false;
        QString text;
    };
    QHash<QString, State> m_states; // by connection id, kept across reloads
    QList<QAction*> m_onConnections, m_onSyncs;

    void showState(QTreeWidgetItem* item);
};

} // namespace Ebb
