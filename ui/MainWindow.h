#pragma once

#include "models/Workspace.h"

#include <QMainWindow>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace Ebb {

class TrustBanner;

class LogBridge;
class QueryPreview;
class QueryRowsModel;
class WorkspaceTree;

// The studio's first window: a workspace's connections and syncs on the left, the
// selected sync's query and its rows (fetched lazily, off the GUI thread) on the right,
// the live log below.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a workspace; on failure the window says what is wrong and keeps the old one.
    bool openWorkspace(const QString& folder, const QString& syncId = {});
    const Workspace& workspace() const { return m_workspace; }
    QueryRowsModel* rowsModel() const { return m_rows; }
    void showSync(const QString& id);

private:
    void setTrusted(bool trusted);
    void buildActions();
    void showConnection(const QString& id);
    // A sync or connection file set aside by the loader: its problems instead of its query.
    void showProblems(const QString& id, const QString& file, const QStringList& problems);
    void refreshPreview();
    void updateStatus();
    void chooseWorkspace();
    void runSync(bool dryRun);

    Workspace m_workspace;
    QString m_currentSync;
    WorkspaceTree* m_tree;
    QLabel* m_title;
    QLabel* m_subtitle;
    QPlainTextEdit* m_query;
    QTableView* m_table;
    QLabel* m_status;
    QPlainTextEdit* m_log;
    QueryRowsModel* m_rows;
    QueryPreview* m_preview;
    LogBridge* m_logBridge;
    TrustBanner* m_trustBanner;
    bool m_trusted = false; // nothing connects for an untrusted workspace
    QAction* m_runAction = nullptr;
    QAction* m_dryRunAction = nullptr;
    QAction* m_cancelAction = nullptr;
    class SyncWorker* m_worker = nullptr; // the running sync, if any
};

} // namespace Ebb
