// MainWindow's menus, toolbar and their actions (File, Edit, Sync, Connection), and the tray's: the window's
// second file, so MainWindow.cpp keeps to opening workspaces, runs and the window's life.
#include "MainWindow.h"
#include "TrustBanner.h"
#include "WorkspaceTree.h"
#include "app/engine/SyncWorker.h"
#include "app/logging/Log.h"
#include "app/logging/LogBridge.h"
#include "app/studio/InAppScheduler.h"
#include "app/workspace/WorkspaceCreator.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceTrust.h"
#include "connections/ConnectionActions.h"
#include "connectors/secrets/CredentialStore.h"
#include "connectors/secrets/Redactor.h"
#include "editor/NewSyncDialog.h"
#include "editor/SyncEditor.h"
#include "log/LogView.h"
#include "models/QueryRowsModel.h"
#include "models/schedule/Schedule.h"
#include "preview/PreviewStep.h"
#include "preview/TestRowAnswer.h"
#include "run/RunStep.h"
#include "schedule/SchedulePresence.h"
#include "schedule/ScheduleStep.h"
#include "schedule/TrayIcon.h"
#include "workspace/RecentWorkspaces.h"
#include "workspace/Settings.h"
#include "workspace/WorkspaceWatcher.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <spdlog/spdlog.h>

namespace Ebb {

void MainWindow::buildActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QMenu* sync = menuBar()->addMenu(tr("&Sync"));
    QMenu* connections = menuBar()->addMenu(tr("&Connection"));
    connections->addActions(m_connectionActions->actions());
    QToolBar* toolbar = addToolBar(tr("Workspace"));
    toolbar->setObjectName(QStringLiteral("workspaceToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    const auto action = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
        QAction* a = menu->addAction(text, this, slot);
        a->setShortcut(key);
        return a;
    };
    QAction* newSync = action(file, tr("&New Sync…"), QKeySequence::New, [this] { askNewSync(); });
    QAction* saveAction = action(file, tr("&Save"), QKeySequence::Save, [this] { save(); });
    action(file, tr("Re&vert"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z), [this] {
        // Every edit since the last save goes, undo history included: asked first.
        if (m_editor->isModified()
            && QMessageBox::question(this, tr("Revert?"),
                   tr("Drop the changes to %1 and go back to its saved file? They cannot be undone after.")
                       .arg(m_currentSync),
                   QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel)
                != QMessageBox::Discard)
            return;
        m_editor->revert();
    });
    file->addSeparator();
    action(file, tr("New &Workspace…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N), [this] { askNewWorkspace(); });
    action(file, tr("&Open Workspace…"), QKeySequence::Open, [this] { chooseWorkspace(); });
    QMenu* recent = file->addMenu(tr("Open &Recent"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        for (const QString& folder : RecentWorkspaces::list())
            recent->addAction(folder, this, [this, folder] {
                if (settleUnsaved())
                    openWorkspace(folder);
            });
        if (recent->isEmpty())
            recent->addAction(tr("(none yet)"))->setEnabled(false);
    });
    action(file, tr("Re&load Workspace"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5),
        [this] { openWorkspace(m_workspace.root, m_currentSync); });
    file->addSeparator();
    // Closing the window keeps Ebb in the tray while schedules are active; Quit ends it.
    action(file, tr("&Close Window"), QKeySequence::Close, [this] { close(); });
    action(file, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), [this] {
        m_quitting = true; // Quit ends Ebb; closing the window may keep it in the tray
        if (!close())
            m_quitting = false;
    });

    QAction* undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction* redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(QKeySequence::Redo); // every binding: Ctrl+Shift+Z and Ctrl+Y
    edit->addAction(undo);
    edit->addAction(redo);

    QAction* runQuery = action(sync, tr("Run &Query"), QKeySequence(Qt::Key_F5), [this] { m_editor->runQuery(); });
    QAction* preview = action(sync, tr("&Preview"), QKeySequence(Qt::Key_F6), [this] { m_editor->runPreview(); });
    sync->addSeparator();
    m_dryRunAction
        = action(sync, tr("&Dry Run"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { runSync(true); });
    // Sync Now writes to the destination: said plainly, once per sync and session, before it does.
    m_runAction = action(sync, tr("Sync &Now"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
        const SyncSpec* sync = m_workspace.sync(m_currentSync);
        if (sync && !m_confirmedRuns.contains(sync->id)) {
            const QString object = sync->object.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(sync->object);
            // With a preview of the sync as it is, the figures it gave.
            QString figures;
            if (const auto* preview = m_editor->freshPreview()) {
                const RunCounts& c = preview->counts;
                figures = tr("\n\nThe preview (%1 rows): add %2, change %3, remove %4, reject %5.")
                              .arg(preview->complete ? tr("all %1").arg(c.queried) : tr("the first %1").arg(c.queried))
                              .arg(c.added)
                              .arg(c.changed)
                              .arg(sync->mode == SyncMode::Mirror ? c.removed : 0)
                              .arg(c.rejected);
            }
            if (QMessageBox::question(this, tr("Sync now?"),
                    tr("Send the changes of %1 to %2%3 now? Dry Run (Ctrl+Shift+R) shows what a run would do "
                       "without sending anything.%4")
                        .arg(sync->id, sync->destinationConnection, object, figures))
                != QMessageBox::Yes)
                return;
            m_confirmedRuns.insert(sync->id);
        }
        runSync(false);
    });
    // Esc stops what is under way: the run, or else the preview, or else the query.
    m_cancelAction = action(sync, tr("&Stop"), QKeySequence(Qt::Key_Escape), [this] {
        if (m_worker)
            m_worker->cancel();
        else if (m_editor->previewStep()->isRunning())
            m_editor->previewStep()->stop();
        else
            m_editor->stopQuery();
    });
    m_cancelAction->setToolTip(
        tr("Stop the run, the preview or the query under way (Esc); a stopped run sends the rest next time"));
    m_cancelAction->setEnabled(false);
    const auto stoppable = [this] {
        m_cancelAction->setEnabled(
            m_worker != nullptr || m_editor->previewStep()->isRunning() || m_editor->isQueryRunning());
    };
    connect(m_editor->previewStep(), &PreviewStep::started, m_cancelAction, stoppable);
    connect(m_editor->previewStep(), &PreviewStep::finished, m_cancelAction, stoppable);
    connect(m_editor->rowsModel(), &QueryRowsModel::stateChanged, m_cancelAction, stoppable);
    sync->addSeparator();
    sync->addAction(m_schedules->pauseAction());

    for (QAction* a : {newSync, saveAction})
        toolbar->addAction(a);
    toolbar->addSeparator();
    // The toolbar's Undo and Redo keep short labels (the command's name is their tooltip), so
    // the buttons after them never move; the Edit menu shows the names.
    QUndoStack* stack = m_editor->undoStack();
    QAction* undoButton = toolbar->addAction(tr("Undo"), stack, &QUndoStack::undo);
    QAction* redoButton = toolbar->addAction(tr("Redo"), stack, &QUndoStack::redo);
    undoButton->setEnabled(false);
    redoButton->setEnabled(false);
    connect(stack, &QUndoStack::canUndoChanged, undoButton, &QAction::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redoButton, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, undoButton,
        [undoButton](const QString& text) { undoButton->setToolTip(tr("Undo %1").arg(text)); });
    connect(stack, &QUndoStack::redoTextChanged, redoButton,
        [redoButton](const QString& text) { redoButton->setToolTip(tr("Redo %1").arg(text)); });
    toolbar->addSeparator();
    for (QAction* a : {runQuery, preview, m_dryRunAction, m_runAction, m_cancelAction})
        toolbar->addAction(a);
}

void MainWindow::wireScheduler()
{
    // The Schedule step says when this window will not start the runs it lists.
    m_editor->scheduleStep()->setPaused(scheduler()->isPaused());
    connect(scheduler(), &InAppScheduler::pausedChanged, m_editor->scheduleStep(), &ScheduleStep::setPaused);
    connect(m_schedules, &SchedulePresence::scheduledRun, this, [this](const ScheduledSync& result) {
        const RunReport& report = result.report;
        statusBar()->showMessage(tr("Scheduled run %1 of %2: %3 · %4")
                                     .arg(report.runId)
                                     .arg(result.sync, RunReport::statusName(report.status), report.counts.text()),
            15000);
        if (result.sync == m_currentSync && !m_worker) {
            m_editor->runStep()->finished(report); // the Run step's header: the newest run, scheduled too
            m_editor->refreshRunHistory();
        }
        markConnectionsOf(report);
    });
    connect(m_schedules, &SchedulePresence::openRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_schedules, &SchedulePresence::runRequested, this, [this](const QString& sync) {
        showNormal();
        raise();
        showSync(sync);
        m_tree->selectSync(sync);
        m_runAction->trigger(); // asks first, as Sync Now does
    });
    connect(m_schedules, &SchedulePresence::quitRequested, this, [this] {
        m_quitting = true;
        m_quitConfirmed = true; // chosen in the tray's menu
        close();
    });
}

} // namespace Ebb
