#include "MainWindow.h"

#include "NullAwareDelegate.h"
#include "TrustBanner.h"
#include "WorkspaceTree.h"

#include "app/logging/Log.h"
#include "app/engine/SyncWorker.h"
#include "app/logging/LogBridge.h"
#include "app/preview/QueryPreview.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceTrust.h"
#include "models/QueryRowsModel.h"

#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace Ebb {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_tree(new WorkspaceTree), m_title(new QLabel), m_subtitle(new QLabel),
      m_query(new QPlainTextEdit), m_table(new QTableView), m_status(new QLabel), m_log(new QPlainTextEdit),
      m_rows(new QueryRowsModel(this)), m_preview(new QueryPreview(m_rows, this)), m_logBridge(new LogBridge(this)),
      m_trustBanner(new TrustBanner)
{
    setWindowTitle(tr("Ebb"));
    resize(1280, 800);

    QFont title = m_title->font();
    title.setPointSizeF(title.pointSizeF() * 1.35);
    title.setBold(true);
    m_title->setFont(title);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(true);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_query->setFont(mono);
    m_query->setReadOnly(true);
    m_query->setMaximumHeight(150);
    m_query->setPlaceholderText(tr("Select a sync to see its query."));

    m_table->setModel(m_rows);
    m_table->setItemDelegate(new NullAwareDelegate(m_table));
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setDefaultSectionSize(140);
    m_table->setWordWrap(false);

    m_log->setObjectName(QStringLiteral("log"));
    m_query->setObjectName(QStringLiteral("query"));
    m_table->setObjectName(QStringLiteral("rows"));
    m_status->setObjectName(QStringLiteral("status"));
    m_log->setReadOnly(true);
    m_log->setFont(mono);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("The live log appears here."));

    auto* detail = new QWidget;
    auto* layout = new QVBoxLayout(detail);
    layout->addWidget(m_trustBanner);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_query);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    auto* horizontal = new QSplitter(Qt::Horizontal);
    horizontal->addWidget(m_tree);
    horizontal->addWidget(detail);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({260, 1020});

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(horizontal);
    vertical->addWidget(m_log);
    vertical->setStretchFactor(0, 1);
    vertical->setSizes({640, 140});
    setCentralWidget(vertical);

    buildActions();
    Log::attachBridge(m_logBridge);
    connect(m_logBridge, &LogBridge::linesReady, m_log, [this](const QStringList& lines) {
        m_log->appendPlainText(lines.join(QLatin1Char('\n')));
    });
    connect(m_trustBanner, &TrustBanner::trustRequested, this, [this] {
        if (auto trusted = WorkspaceTrust::trust(m_workspace.root); !trusted) {
            QMessageBox::warning(this, tr("Cannot trust the workspace"), trusted.error().toString());
            return;
        }
        spdlog::info("trusted workspace {}", m_workspace.root.toStdString());
        setTrusted(true);
        refreshPreview();
    });
    connect(m_tree, &WorkspaceTree::syncSelected, this, &MainWindow::showSync);
    connect(m_tree, &WorkspaceTree::connectionSelected, this, &MainWindow::showConnection);
    connect(m_rows, &QueryRowsModel::stateChanged, this, &MainWindow::updateStatus);
    connect(m_rows, &QueryRowsModel::rowsInserted, this, [this](const QModelIndex&, int first) {
        if (first != 0)
            return; // size the columns to the first chunk only; later chunks must not make them jump
        m_table->resizeColumnsToContents();
        for (int c = 0; c < m_rows->columnCount(); ++c)
            m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 240));
    });
    updateStatus();
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

void MainWindow::buildActions()
{
    QToolBar* toolbar = addToolBar(tr("Workspace"));
    toolbar->setObjectName(QStringLiteral("workspaceToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QAction* open = toolbar->addAction(tr("Open Workspace…"), this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    QAction* reload = toolbar->addAction(tr("Reload"), this, [this] { openWorkspace(m_workspace.root, m_currentSync); });
    reload->setShortcut(QKeySequence::Refresh);
    toolbar->addAction(tr("Run Query"), this, &MainWindow::refreshPreview)->setShortcut(Qt::CTRL | Qt::Key_Return);
    toolbar->addSeparator();
    m_dryRunAction = toolbar->addAction(tr("Dry Run"), this, [this] { runSync(true); });
    m_runAction = toolbar->addAction(tr("Sync Now"), this, [this] { runSync(false); });
    m_cancelAction = toolbar->addAction(tr("Cancel"), this, [this] {
        if (m_worker)
            m_worker->cancel();
    });
    m_cancelAction->setEnabled(false);
}

void MainWindow::runSync(bool dryRun)
{
    const SyncSpec* sync = m_workspace.sync(m_currentSync);
    if (!sync || m_worker || !m_trusted)
        return;
    // The run happens on its own thread; this window only listens.
    m_worker = SyncWorker::launch(m_workspace, *sync, {dryRun, false, false}, this);
    m_runAction->setEnabled(false);
    m_dryRunAction->setEnabled(false);
    m_cancelAction->setEnabled(true);
    connect(m_worker, &SyncWorker::progress, this, [this](const RunProgress& p) {
        statusBar()->showMessage(tr("%1: %2 rows read, %3 sent, %4 rejected · %5 rows/s")
                                     .arg(p.phase).arg(p.counts.queried).arg(p.counts.sent).arg(p.counts.rejected)
                                     .arg(qint64(p.rowsPerSecond)));
    });
    connect(m_worker, &SyncWorker::finished, this, [this](const RunReport& report) {
        m_worker = nullptr;
        m_runAction->setEnabled(m_trusted);
        m_dryRunAction->setEnabled(m_trusted);
        m_cancelAction->setEnabled(false);
        const RunCounts& c = report.counts;
        statusBar()->showMessage(tr("Run %1 %2: %3 added, %4 changed, %5 removed, %6 unchanged, %7 rejected, %8 failed")
                                     .arg(report.runId).arg(RunReport::statusName(report.status))
                                     .arg(c.added).arg(c.changed).arg(c.removed).arg(c.unchanged).arg(c.rejected).arg(c.failed));
    });
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
    // Without the log file the window still works; the log view keeps every line.
    if (auto logged = Log::init({m_workspace.logDir(), false, false}); !logged)
        spdlog::warn("{}; logging to the window only", logged.error().message.toStdString());
    spdlog::info("opened workspace \"{}\" at {}", m_workspace.name.toStdString(), m_workspace.root.toStdString());
    for (const QString& problem : m_workspace.problems)
        spdlog::warn("{}", problem.toStdString());
    setTrusted(WorkspaceTrust::isTrusted(m_workspace.root));
    if (!m_trusted)
        spdlog::warn("workspace {} is not trusted: nothing is connected to until it is", m_workspace.root.toStdString());
    setWindowTitle(tr("%1 — Ebb").arg(m_workspace.name));
    m_tree->setWorkspace(m_workspace);
    m_currentSync.clear();
    if (m_workspace.sync(syncId))
        showSync(syncId);
    else if (m_workspace.brokenSync(syncId))
        showSync(syncId);
    else if (!m_workspace.syncs.isEmpty())
        showSync(m_workspace.syncs.first().id);
    const qsizetype broken = m_workspace.brokenConnections.size() + m_workspace.brokenSyncs.size();
    statusBar()->showMessage(tr("%1 connections, %2 syncs — %3")
                                 .arg(m_workspace.connections.size())
                                 .arg(m_workspace.syncs.size())
                                 .arg(m_workspace.root)
                             + (broken ? tr(" — %n file(s) with problems, marked in the list", nullptr, int(broken)) : QString()));
    return true;
}

void MainWindow::chooseWorkspace()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), m_workspace.root);
    if (!folder.isEmpty())
        openWorkspace(folder);
}

void MainWindow::showSync(const QString& id)
{
    if (id == m_currentSync)
        return;
    const SyncSpec* sync = m_workspace.sync(id);
    if (!sync) {
        if (const BrokenFile* broken = m_workspace.brokenSync(id)) {
            showProblems(id, broken->file, m_workspace.syncProblems(id));
            m_currentSync = id; // Sync Now finds no sync by it, so nothing runs
            m_tree->selectSync(id);
        }
        return;
    }
    m_currentSync = id;
    m_tree->selectSync(id); // its selection signal comes back here and stops at the check above
    m_title->setText(sync->id);
    const QString object = sync->object.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(sync->object);
    const QString match = sync->matchField.isEmpty() ? QString() : tr(", matched on %1").arg(sync->matchField);
    m_subtitle->setText(tr("%1 → %2%3 · %4%5 · key %6 · %n mapping(s)", nullptr, int(sync->mappings.size()))
                            .arg(sync->sourceConnection, sync->destinationConnection, object, sync->mode, match, sync->primaryKey));
    m_query->setPlainText(sync->query);
    refreshPreview();
}

void MainWindow::showProblems(const QString& id, const QString& file, const QStringList& problems)
{
    m_currentSync.clear();
    m_title->setText(id);
    m_subtitle->setText(tr("%1 has problems; fix them, then Reload. Until then it cannot run.").arg(file));
    m_query->setPlainText(problems.join(QLatin1Char('\n')));
    m_rows->clear();
}

void MainWindow::showConnection(const QString& id)
{
    const ConnectionSpec* connection = m_workspace.connection(id);
    if (!connection) {
        if (const BrokenFile* broken = m_workspace.brokenConnection(id))
            showProblems(id, broken->file, broken->problems);
        return;
    }
    m_currentSync.clear();
    m_title->setText(connection->id);
    m_subtitle->setText(tr("%1 connection · %2").arg(connection->kind, connection->filePath));
    // Secret fields hold references ("keychain", "env:VAR"), never values, so the file can be shown as is.
    m_query->setPlainText(QString::fromUtf8(QJsonDocument(connection->json).toJson(QJsonDocument::Indented)));
    m_rows->clear();
}

void MainWindow::setTrusted(bool trusted)
{
    m_trusted = trusted;
    if (trusted)
        m_trustBanner->hide();
    else
        m_trustBanner->showFor(m_workspace.root, WorkspaceTrust::summary(m_workspace));
    m_runAction->setEnabled(trusted && !m_worker);
    m_dryRunAction->setEnabled(trusted && !m_worker);
}

void MainWindow::refreshPreview()
{
    const SyncSpec* sync = m_workspace.sync(m_currentSync);
    if (!sync)
        return;
    if (!m_trusted) {
        m_rows->clear();
        m_status->setText(tr("Not connected: the workspace is not trusted."));
        return;
    }
    spdlog::info("previewing sync {}", sync->id.toStdString());
    m_preview->run(m_workspace, sync->sourceConnection, sync->query);
}

void MainWindow::updateStatus()
{
    if (!m_rows->errorText().isEmpty()) {
        m_status->setText(tr("<b>Query failed:</b> %1").arg(m_rows->errorText().toHtmlEscaped()));
        m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
        return;
    }
    m_status->setStyleSheet(QString());
    if (m_rows->columnCount() == 0 && !m_rows->atEnd()) {
        m_status->setText(tr("Running the query…"));
        return;
    }
    if (m_rows->columnCount() == 0) {
        m_status->setText(QString());
        return;
    }
    const QString rows = tr("%n row(s) loaded", nullptr, m_rows->rowCount());
    if (m_rows->isFetching())
        m_status->setText(rows + tr(" · fetching more…"));
    else if (m_rows->atEnd())
        m_status->setText(rows + tr(" · end of result"));
    else
        m_status->setText(rows + tr(" · scroll for more"));
}

} // namespace Ebb
