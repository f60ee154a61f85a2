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
#include "models/ValueFormat.h"
#include "models/schedule/Schedule.h"
#include "preview/PreviewStep.h"
#include "preview/TestRowAnswer.h"
#include "run/RunStep.h"
#include "schedule/SchedulePresence.h"
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

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_tree(new WorkspaceTree)
    , m_editor(new SyncEditor)
    , m_log(new LogView)
    , m_logBridge(new LogBridge(this))
    , m_trustBanner(new TrustBanner)
    , m_connectionActions(new ConnectionActions(m_tree, this))
    , m_schedules(new SchedulePresence(this))
    , m_watcher(new WorkspaceWatcher(this))
{
    setWindowTitle(tr("Ebb"));
    // Runs, previews and connection tests read the keychain from their threads: through this one.
    CredentialStore::serveFromMainThread();
    // 1440×900, or what the screen has room for (a 1024×700 laptop panel included).
    const QSize room = screen() ? screen()->availableGeometry().size() : QSize(1440, 900);
    resize(std::min(1440, room.width()), std::min(900, room.height()));
    // Where the window was, and how big, as it was left.
    restoreGeometry(windowSettings().value(QStringLiteral("window/geometry")).toByteArray());

    auto* centre = new QWidget;
    auto* layout = new QVBoxLayout(centre);
    layout->addWidget(m_trustBanner);
    layout->addWidget(m_editor, 1);

    auto* horizontal = new QSplitter(Qt::Horizontal);
    horizontal->addWidget(m_tree);
    horizontal->addWidget(centre);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({240, 1200});

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(horizontal);
    vertical->addWidget(m_log);
    vertical->setStretchFactor(0, 1);
    vertical->setSizes({760, 100}); // the log is a glance; drag the divider for more
    setCentralWidget(vertical);

    buildActions();
    Log::attachBridge(m_logBridge);
    connect(m_logBridge, &LogBridge::linesReady, m_log, &LogView::appendLines);
    connect(m_trustBanner, &TrustBanner::trustRequested, this, [this] {
        if (auto trusted = WorkspaceTrust::trust(m_workspace.root); !trusted) {
            QMessageBox::warning(this, tr("Cannot trust the workspace"), trusted.error().toString());
            return;
        }
        spdlog::info("trusted workspace {}", m_workspace.root.toStdString());
        setTrusted(true);
    });
    wireScheduler();
    connect(m_watcher, &WorkspaceWatcher::changed, this, &MainWindow::workspaceChangedOnDisk);
    connect(m_connectionActions, &ConnectionActions::workspaceChanged, this, &MainWindow::reloadConnections);
    connect(m_connectionActions, &ConnectionActions::message, this,
        [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_tree, &WorkspaceTree::syncSelected, this, &MainWindow::showSync);
    connect(m_tree, &WorkspaceTree::connectionSelected, this, &MainWindow::showConnection);
    connect(m_editor, &SyncEditor::modifiedChanged, this, [this](bool modified) { setWindowModified(modified); });
    // A test row goes to the real destination: said plainly before it goes.
    connect(m_editor->previewStep(), &PreviewStep::sendTestRowRequested, this, [this](const QString& key) {
        if (!saveBeforeRun()) // first: what is sent is what is saved
            return;
        const SyncSpec* sync = m_workspace.sync(m_currentSync);
        if (!sync)
            return;
        if (QMessageBox::question(this, tr("Send a test row?"),
                tr("Send the row with key %1 to %2%3 now? It is a real write, journaled like any sent record.")
                    .arg(key, sync->destinationConnection,
                        sync->object.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(sync->object)))
            == QMessageBox::Yes)
            sendTestRow(key);
    });
    connect(m_editor, &SyncEditor::changedOnDisk, this, [this](const QString& path) {
        // Unedited: take the file as it is now. Edited: the user decides which one wins.
        if (m_editor->isModified()
            && QMessageBox::question(this, tr("The sync changed on disk"),
                   tr("%1 was changed outside Ebb. Reload it and lose your unsaved changes?").arg(path))
                != QMessageBox::Yes)
            return;
        const QString id = m_currentSync;
        m_currentSync.clear();
        m_editor->clearSync();
        openWorkspace(m_workspace.root, id);
    });
}

MainWindow::~MainWindow()
{
    if (m_worker) {
        // Let the run stop between batches and finish, so nothing it acknowledged is lost.
        m_worker->cancel();
        QThread* thread = m_worker->thread();
        thread->wait();
    }
    Log::attachBridge(nullptr);
}

QueryRowsModel* MainWindow::rowsModel() const
{
    return m_editor->rowsModel();
}

void MainWindow::runSync(bool dryRun)
{
    RunOptions options;
    options.dryRun = dryRun;
    startRun(options);
}

void MainWindow::sendTestRow(const QString& key)
{
    RunOptions options;
    options.onlyKey = key;
    startRun(options);
}

// A run reads the sync file, as ebb-cli does: what runs is what is saved. False: not saved.
bool MainWindow::saveBeforeRun()
{
    if (!m_editor->isModified())
        return true;
    QMessageBox ask(QMessageBox::Question, tr("Save first?"),
        tr("The sync has unsaved changes, and a run uses the saved file. Save the changes and run, or cancel "
           "and keep editing?"),
        QMessageBox::Cancel, this);
    QPushButton* saveAndRun = ask.addButton(tr("Save and Run"), QMessageBox::AcceptRole);
    ask.setDefaultButton(saveAndRun);
    ask.exec();
    return ask.clickedButton() == saveAndRun && save();
}

void MainWindow::startRun(const RunOptions& options)
{
    if (!m_editor->hasSync() || m_worker || !m_trusted)
        return;
    const bool dryRun = options.dryRun;
    const bool testRow = !options.onlyKey.isNull();
    if (!saveBeforeRun())
        return;
    const SyncSpec* saved = m_workspace.sync(m_currentSync);
    if (!saved)
        return;
    // The run happens on its own thread; this window only listens.
    RunOptions fromWindow = options;
    fromWindow.origin = RunOptions::Origin::Window;
    m_worker = SyncWorker::launch(m_workspace, *saved, fromWindow, this);
    RunStep* step = m_editor->runStep();
    step->started(saved->id, dryRun);
    if (testRow)
        m_editor->previewStep()->showTestResult(
            tr("Sending the row with key <b>%1</b> to the destination…").arg(options.onlyKey.toHtmlEscaped()));
    else
        m_editor->showStep(SyncEditor::RunStepIndex);
    // The Run step shows this run while its sync is the one shown (another may be opened meanwhile).
    const QString runSync = saved->id;
    connect(m_worker, &SyncWorker::progress, step, [this, step, runSync](const RunProgress& p) {
        if (m_currentSync == runSync)
            step->progress(p);
    });
    connect(m_worker, &SyncWorker::rejectFound, step, [this, step, runSync](const Reject& reject) {
        if (m_currentSync == runSync)
            step->rejected(reject);
    });
    connect(m_worker, &SyncWorker::finished, step, [this, step, runSync](const RunReport& report) {
        if (m_currentSync != runSync)
            return;
        step->finished(report);
        // What was sent is in the journal now: an old preview would say it is still to add.
        if (!report.options.dryRun)
            m_editor->markPreviewStale();
    });
    m_runAction->setEnabled(false);
    m_dryRunAction->setEnabled(false);
    m_cancelAction->setEnabled(true);
    connect(m_worker, &SyncWorker::progress, this, [this](const RunProgress& p) {
        statusBar()->showMessage(tr("%1: %2 rows read, %3 sent, %4 rejected · %5 rows/s")
                                     .arg(p.phase)
                                     .arg(p.counts.queried)
                                     .arg(p.counts.sent)
                                     .arg(p.counts.rejected)
                                     .arg(qint64(p.rowsPerSecond)));
    });
    connect(m_worker, &SyncWorker::finished, this, [this](const RunReport& report) {
        m_worker = nullptr;
        m_runAction->setEnabled(m_trusted);
        m_dryRunAction->setEnabled(m_trusted);
        m_cancelAction->setEnabled(m_editor->previewStep()->isRunning() || m_editor->isQueryRunning());
        const RunCounts& c = report.counts;
        const QString message
            = tr("Run %1 of %2 %3: %4 added, %5 changed, %6 removed, %7 unchanged, %8 rejected, %9 failed")
                  .arg(report.runId)
                  .arg(report.sync, RunReport::statusName(report.status))
                  .arg(c.added)
                  .arg(c.changed)
                  .arg(c.removed)
                  .arg(c.unchanged)
                  .arg(c.rejected)
                  .arg(c.failed);
        statusBar()->showMessage(message);
        m_editor->refreshRunHistory();
        markConnectionsOf(report);
        if (!report.options.onlyKey.isNull()) {
            // The row is journaled now: the preview says so (as unchanged), under the answer.
            const QString answer = TestRowAnswer::html(m_workspace, report);
            m_editor->runPreview();
            m_editor->previewStep()->showTestResult(answer);
        }
        // Someone who looked away hears about it from the desktop.
        if (!isActiveWindow())
            m_schedules->trayIcon()->notify(
                tr("Ebb: %1").arg(report.sync), message, report.status != RunReport::Status::Succeeded);
    });
}

bool MainWindow::save()
{
    m_watcher->ignoreNextChange(); // our own write is no news
    auto saved = m_editor->save();
    if (!saved) {
        QMessageBox::warning(this, tr("Cannot save the sync"), Redactor::redact(saved.error().toString()));
        return false;
    }
    bool replaced = false;
    for (SyncSpec& s : m_workspace.syncs) {
        if (s.id == saved->id) {
            s = *saved;
            replaced = true;
        }
    }
    if (!replaced)
        m_workspace.syncs.append(*saved);
    m_currentSync = saved->id;
    m_editor->setWorkspace(m_workspace, m_trusted);
    m_tree->setWorkspace(m_workspace);
    m_tree->selectSync(saved->id);
    m_connectionActions->setWorkspace(m_workspace, m_trusted);
    m_schedules->setWorkspace(m_workspace, m_trusted); // a schedule saved starts counting now
    spdlog::info("saved {}", saved->filePath.toStdString());
    statusBar()->showMessage(tr("Saved %1").arg(saved->filePath), 5000);
    return true;
}

bool MainWindow::settleUnsaved()
{
    if (!m_editor->isModified())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved changes"),
        tr("Save the changes to %1?").arg(m_editor->editedSync().id),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!settleUnsaved()) {
        event->ignore();
        return;
    }
    windowSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    bool refused = false;
    if (m_schedules->keepInTray(m_quitting, m_quitConfirmed, &refused) || refused) {
        event->ignore();
        return;
    }
    event->accept();
    if (m_quitting)
        QCoreApplication::quit();
}

// A run that read and wrote tells as much about its connections as a test would.
void MainWindow::markConnectionsOf(const RunReport& report)
{
    const SyncSpec* sync = m_workspace.sync(report.sync);
    if (!sync || (report.status != RunReport::Status::Succeeded && report.status != RunReport::Status::Partial))
        return;
    const QString when = ValueFormat::moment(report.endedAt);
    m_tree->setConnectionState(
        sync->sourceConnection, true, tr("run %1 of %2 read from it at %3").arg(report.runId).arg(sync->id, when));
    if (!report.options.dryRun)
        m_tree->setConnectionState(sync->destinationConnection, true,
            tr("run %1 of %2 wrote to it at %3").arg(report.runId).arg(sync->id, when));
}

InAppScheduler* MainWindow::scheduler() const
{
    return m_schedules->scheduler();
}

TrayIcon* MainWindow::trayIcon() const
{
    return m_schedules->trayIcon();
}

void MainWindow::askNewSync()
{
    if (!settleUnsaved())
        return;
    NewSyncDialog dialog(m_workspace, m_trusted, this);
    if (dialog.exec() == QDialog::Accepted)
        newSync(dialog.sync());
}

void MainWindow::newSync(const SyncSpec& sync)
{
    m_currentSync = sync.id;
    m_editor->openSync(sync);
    m_editor->showStep(SyncEditor::SourceStepIndex);
    m_tree->showUnsavedSync(sync.id); // its selection comes back to showSync(), which has it already
    setWindowModified(true);
}

bool MainWindow::openWorkspace(const QString& folder, const QString& syncId)
{
    // A broken connection or sync file stops only itself: the rest opens, and the tree lists it.
    auto loaded = WorkspaceLoader::open(folder);
    if (!loaded) {
        spdlog::error("cannot open workspace {}: {}", folder.toStdString(), loaded.error().message.toStdString());
        QMessageBox box(QMessageBox::Warning, tr("Cannot open the workspace"),
            tr("The workspace in %1 has problems. Fix them and open it again.").arg(folder), QMessageBox::Ok, this);
        box.setDetailedText(loaded.error().toString());
        box.exec();
        return false;
    }
    m_workspace = std::move(*loaded);
    RecentWorkspaces::add(m_workspace.root);
    m_watcher->watch(m_workspace.root);
    // Without the log file the window still works; the log view keeps every line.
    if (auto logged = Log::init({m_workspace.logDir(), false, false}); !logged)
        spdlog::warn("{}; logging to the window only", logged.error().message.toStdString());
    spdlog::info("opened workspace \"{}\" at {}", m_workspace.name.toStdString(), m_workspace.root.toStdString());
    for (const QString& problem : m_workspace.problems)
        spdlog::warn("{}", problem.toStdString());
    const bool trusted = WorkspaceTrust::isTrusted(m_workspace.root);
    if (!trusted)
        spdlog::warn(
            "workspace {} is not trusted: nothing is connected to until it is", m_workspace.root.toStdString());
    m_editor->setWorkspace(m_workspace, trusted);
    setTrusted(trusted);
    setWindowTitle(tr("%1[*] — Ebb").arg(m_workspace.name));
    m_tree->setWorkspace(m_workspace);
    m_currentSync.clear();
    m_editor->clearSync();
    if (m_workspace.sync(syncId))
        showSync(syncId);
    else if (m_workspace.brokenSync(syncId))
        showSync(syncId);
    else if (!m_workspace.syncs.isEmpty())
        showSync(m_workspace.syncs.first().id);
    // Syncs with a schedule run by themselves while the window is open: said at once.
    QStringList scheduled;
    for (const SyncSpec& sync : m_workspace.syncs) {
        if (auto schedule = Schedule::fromJson(sync.schedule); !sync.schedule.isEmpty() && schedule)
            scheduled << QStringLiteral("%1 (%2)").arg(sync.id, schedule->toString());
    }
    if (!scheduled.isEmpty())
        spdlog::info("scheduled while Ebb is open: {}{}", scheduled.join(QStringLiteral(", ")).toStdString(),
            m_schedules->scheduler()->isPaused() || !trusted ? " — paused"
                                                             : " — Sync ▸ Pause Schedules (Ctrl+Shift+P) stops them");
    const qsizetype broken = m_workspace.brokenConnections.size() + m_workspace.brokenSyncs.size();
    statusBar()->showMessage(tr("%1 connections, %2 syncs — %3")
                                 .arg(m_workspace.connections.size())
                                 .arg(m_workspace.syncs.size())
                                 .arg(m_workspace.root)
        + (broken ? tr(" — %n file(s) with problems, marked in the list", nullptr, int(broken)) : QString()));
    return true;
}

// Files changed on disk (a git pull, an editor, ebb-cli): the tree and the connections
// follow; the sync in the editor is read again unless it has unsaved edits (then the
// editor's own watch asks which wins).
void MainWindow::workspaceChangedOnDisk()
{
    spdlog::info("workspace files changed on disk; reading them again");
    if (!m_editor->isModified()) {
        openWorkspace(m_workspace.root, m_currentSync);
        return;
    }
    auto loaded = WorkspaceLoader::open(m_workspace.root);
    if (!loaded)
        return;
    const QString current = m_currentSync;
    const SyncSpec* edited = m_workspace.sync(current);
    const std::optional<SyncSpec> keep = edited ? std::optional<SyncSpec>(*edited) : std::nullopt;
    m_workspace = std::move(*loaded);
    if (keep && !m_workspace.sync(current))
        m_workspace.syncs << *keep;
    m_editor->setWorkspace(m_workspace, m_trusted);
    m_tree->setWorkspace(m_workspace);
    m_tree->selectSync(current);
    m_connectionActions->setWorkspace(m_workspace, m_trusted);
    m_schedules->setWorkspace(m_workspace, m_trusted);
}

void MainWindow::askNewWorkspace()
{
    if (!settleUnsaved())
        return;
    const QString folder
        = QFileDialog::getExistingDirectory(this, tr("New Workspace: choose an empty folder"), QDir::homePath());
    if (folder.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("New Workspace"), tr("Its name:"), QLineEdit::Normal, QFileInfo(folder).fileName(), &ok);
    if (!ok)
        return;
    newWorkspace(folder, name.trimmed().isEmpty() ? QFileInfo(folder).fileName() : name.trimmed());
}

bool MainWindow::newWorkspace(const QString& folder, const QString& name)
{
    if (auto made = WorkspaceCreator::create(folder, name); !made) {
        QMessageBox::warning(this, tr("Cannot make the workspace"), made.error().toString());
        return false;
    }
    spdlog::info("made workspace \"{}\" in {}", name.toStdString(), folder.toStdString());
    if (!openWorkspace(folder))
        return false;
    statusBar()->showMessage(
        tr("New workspace %1: add a connection (Ctrl+Shift+N), then a sync (Ctrl+N)").arg(name), 15000);
    return true;
}

void MainWindow::chooseWorkspace()
{
    if (!settleUnsaved())
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), m_workspace.root);
    if (!folder.isEmpty())
        openWorkspace(folder);
}

void MainWindow::showSync(const QString& id)
{
    if (id == m_currentSync)
        return;
    const SyncSpec* sync = m_workspace.sync(id);
    // Cancelled: the tree goes back to the sync still shown. Later, not from inside the
    // tree's own selection signal, which would overwrite it (an analyst saw the two disagree).
    const auto stayOnCurrent = [this] {
        QMetaObject::invokeMethod(
            this, [this] { m_tree->selectSync(m_currentSync); }, Qt::QueuedConnection);
    };
    if (!sync) {
        if (const BrokenFile* broken = m_workspace.brokenSync(id)) {
            if (!settleUnsaved()) {
                stayOnCurrent();
                return;
            }
            m_tree->removeUnsaved();
            m_editor->showProblems(id, broken->file, m_workspace.syncProblems(id));
            m_currentSync = id; // Sync Now finds no sync by it, so nothing runs
            m_tree->selectSync(id);
        }
        return;
    }
    if (!settleUnsaved()) {
        stayOnCurrent();
        return;
    }
    m_tree->removeUnsaved(); // a new sync left unsaved was discarded just now
    m_currentSync = id;
    m_tree->selectSync(id); // its selection signal comes back here and stops at the check above
    if (m_trusted)
        spdlog::info("opened sync {}: reading its query's first rows", sync->id.toStdString());
    m_editor->openSync(*sync);
}

// A connection saved or removed: its files read again, the syncs (and any unsaved edit) kept.
void MainWindow::reloadConnections(const QString& select)
{
    m_watcher->ignoreNextChange(); // the connection just saved
    // Made here, by the user who trusted the workspace: it stays trusted with it.
    if (m_trusted) {
        if (auto trusted = WorkspaceTrust::trust(m_workspace.root); !trusted)
            spdlog::warn("{}", trusted.error().message.toStdString());
    }
    auto loaded = WorkspaceLoader::open(m_workspace.root);
    if (!loaded) {
        QMessageBox::warning(this, tr("Cannot read the workspace"), loaded.error().toString());
        return;
    }
    m_workspace.connections = loaded->connections;
    m_workspace.brokenConnections = loaded->brokenConnections;
    m_editor->setWorkspace(m_workspace, m_trusted);
    m_tree->setWorkspace(m_workspace);
    m_connectionActions->setWorkspace(m_workspace, m_trusted);
    if (m_editor->hasSync())
        m_tree->selectSync(m_currentSync);
    if (!select.isEmpty())
        statusBar()->showMessage(tr("Saved connection %1").arg(select), 5000);
}

void MainWindow::showConnection(const QString& id)
{
    const ConnectionSpec* connection = m_workspace.connection(id);
    if (!connection) {
        if (const BrokenFile* broken = m_workspace.brokenConnection(id))
            m_editor->showProblems(id, broken->file, broken->problems);
        return;
    }
    // Secret fields hold references ("keychain", "env:VAR"), never values, so the file can be shown as is.
    statusBar()->showMessage(tr("%1 (%2): %3").arg(connection->id, connection->kind, connection->filePath), 8000);
}

void MainWindow::setTrusted(bool trusted)
{
    m_trusted = trusted;
    if (trusted)
        m_trustBanner->hide();
    else
        m_trustBanner->showFor(m_workspace.root, WorkspaceTrust::summary(m_workspace));
    m_editor->setTrusted(trusted);
    m_connectionActions->setWorkspace(m_workspace, trusted);
    m_schedules->setWorkspace(m_workspace, trusted);
    m_runAction->setEnabled(trusted && !m_worker);
    m_dryRunAction->setEnabled(trusted && !m_worker);
}

} // namespace Ebb
