#pragma once

#include "models/Workspace.h"

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

Q_SIGNALS:
    void connectionSelected(const QString& id);
    void syncSelected(const QString& id);

private:
    QTreeWidgetItem* m_connections = nullptr;
    QTreeWidgetItem* m_syncs = nullptr;
    QTreeWidgetItem* m_unsaved = nullptr;
};

} // namespace Ebb
