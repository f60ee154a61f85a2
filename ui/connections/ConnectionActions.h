#pragma once

#include "models/Workspace.h"

#include <QObject>

class QAction;
class QWidget;

namespace Ebb {

class ConnectionDialog;
class SchemaFetcher;
class WorkspaceTree;

// New, Edit, Test and Remove for the workspace's connections, from the menu and the tree's
// right click. Tests run off the GUI thread and mark the tree (ok / failing / untested);
// nothing connects for a workspace that is not trusted.
class ConnectionActions : public QObject
{
    Q_OBJECT

public:
    ConnectionActions(WorkspaceTree* tree, QWidget* window);
    ~ConnectionActions() override;

    void setWorkspace(const Workspace& workspace, bool trusted);
    void setCurrent(const QString& id) { m_current = id; }
    QList<QAction*> actions() const;

    // Opens the form (window-modal, never blocking a run): `id` empty for a new connection.
    ConnectionDialog* edit(const QString& id);
    void test(const QString& id);
    void remove(const QString& id);

Q_SIGNALS:
    // A connection was saved or removed: the workspace is to be read again.
    void workspaceChanged(const QString& connectionId);
    void message(const QString& text);

private:
    void updateActions();

    WorkspaceTree* m_tree;
    QWidget* m_window;
    SchemaFetcher* m_asker;
    Workspace m_workspace;
    bool m_trusted = false;
    QString m_current;
    QAction* m_new;
    QAction* m_edit;
    QAction* m_test;
    QAction* m_remove;
};

} // namespace Ebb
