#pragma once

#include "models/RunReport.h"
#include "models/Workspace.h"

#include <QMainWindow>
#include <QSet>

namespace Ebb {

class ConnectionActions;
class InAppScheduler;
class SchedulePresence;
class TrayIcon;
class WorkspaceWatcher;
class LogBridge;
class LogView;
class QueryRowsModel;
class SyncEditor;
class SyncWorker;
class TrustBanner;
class WorkspaceTree;

// The studio's window: the workspace's connections and syncs on the left, the selected sync
// in the editor (Source · Destination · Mapping · Preview) in the centre, the live log
// below. It only wires: the editor edits, SyncWorker runs, the engine does the work.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a workspace; on failure the window says what is wrong and keeps the old one.
    bool openWorkspace(const QString& folder, const QString& syncId = {});
    const Workspace& workspace() const { return m_workspace; }
    QueryRowsModel* rowsModel() const;
    SyncEditor* editor() const { return m_editor; }
    void showSync(const QString& id);
    // Makes a workspace in `folder` (WorkspaceCreator) and opens it (New Workspace… without the dialogs).
    bool newWorkspace(const QString& folder, const QString& name);
    // Opens a new, unsaved sync in the editor (New Sync… without the dialog).
    void newSync(const SyncSpec& sync);
    bool save();
    void runSync(bool dryRun);
    // Sends the row with `key` of the saved sync through the real destination (a run with
    // RunOptions::onlyKey) and shows the destination's answer in the Preview.
    void sendTestRow(const QString& key);
    bool isRunning() const { return m_worker != nullptr; }
    ConnectionActions* connectionActions() const { return m_connectionActions; }
    InAppScheduler* scheduler() const;
    TrayIcon* trayIcon() const;
    LogView* logView() const { return m_log; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void setTrusted(bool trusted);
    void startRun(const RunOptions& options);
    bool saveBeforeRun();
    void buildActions();
    void showConnection(const QString& id);
    void reloadConnections(const QString& select);
    void wireScheduler();
    void markConnectionsOf(const RunReport& report);
    void workspaceChangedOnDisk();
    void askNewWorkspace();
    void chooseWorkspace();
    void askNewSync();
    // False when the user chose to keep editing.
    bool settleUnsaved();

    Workspace m_workspace;
    QSet<QString> m_confirmedRuns; // syncs whose Sync Now was confirmed this session
    QString m_currentSync;
    WorkspaceTree* m_tree;
    SyncEditor* m_editor;
    LogView* m_log;
    LogBridge* m_logBridge;
    TrustBanner* m_trustBanner;
    bool m_trusted = false; // nothing connects for an untrusted workspace
    QAction* m_runAction = nullptr;
    QAction* m_dryRunAction = nullptr;
    QAction* m_cancelAction = nullptr;
    SyncWorker* m_worker = nullptr;
    ConnectionActions* m_connectionActions;
    SchedulePresence* m_schedules;
    WorkspaceWatcher* m_watcher;
    bool m_quitting = false; // Quit (menu or tray): the window's close ends Ebb
    bool m_quitConfirmed = false;
};

} // namespace Ebb
