#include "SyncEditor.h"

#include "SavedFileWatch.h"
#include "app/journal/Journal.h"
#include "app/preview/QueryPreview.h"
#include "app/studio/RunArchive.h"
#include "app/studio/SchemaFetcher.h"
#include "app/workspace/WorkspaceWriter.h"
#include "connectors/secrets/Redactor.h"
#include "models/QueryRowsModel.h"
#include "models/SqlErrorPlace.h"
#include "models/studio/DestinationFieldsModel.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/commands/SetSettingCommand.h"
#include "ui/NullAwareDelegate.h"
#include "ui/Sentence.h"
#include "ui/Tones.h"
#include "ui/destination/DestinationStep.h"
#include "ui/mapping/MappingStep.h"
#include "ui/mapping/StateDelegate.h"
#include "ui/preview/PreviewStep.h"
#include "ui/run/RunStep.h"
#include "ui/schedule/ScheduleStep.h"
#include "ui/source/QueryRowsView.h"
#include "ui/source/SourcePickers.h"
#include "ui/source/SqlEditor.h"
#include "ui/source/TypedHeaderProxy.h"

#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>

namespace Ebb {

namespace {

constexpr int sampleRows = 20; // the live samples use the first; the column list shows three

} // namespace

SyncEditor::SyncEditor(QWidget* parent)
    : QWidget(parent)
    , m_watcher(new SavedFileWatch(this))
    , m_document(new MappingDocument({}, this))
    , m_undoStack(new QUndoStack(this))
    , m_rows(new QueryRowsModel(this))
    , m_queryPreview(new QueryPreview(m_rows, this))
    , m_schemaFetcher(new SchemaFetcher(this))
    , m_title(new QLabel)
    , m_subtitle(new QLabel)
    , m_steps(new QTabWidget)
    , m_sql(new SqlEditor)
    , m_rowsView(new QueryRowsView)
    , m_table(m_rowsView->table())
    , m_status(new QLabel)
    , m_pickers(new SourcePickers(m_document, m_undoStack, [this] { return hasSync(); }))
    , m_mapping(new MappingStep(m_document, m_undoStack))
    , m_destination(new DestinationStep(m_document, m_undoStack, m_mapping->fieldsModel()))
    , m_preview(new PreviewStep)
    , m_run(new RunStep)
    , m_schedule(new ScheduleStep)
{
    QFont title = m_title->font();
    title.setPointSizeF(title.pointSizeF() * 1.35);
    title.setBold(true);
    m_title->setFont(title);
    m_title->setObjectName(QStringLiteral("syncTitle"));
    makeSentence(m_subtitle);
    m_steps->setObjectName(QStringLiteral("steps"));
    m_steps->addTab(buildSourceStep(), tr("&1 Source"));
    m_steps->addTab(m_destination, tr("&2 Destination"));
    m_steps->addTab(m_mapping, tr("&3 Mapping"));
    m_steps->addTab(m_preview, tr("&4 Preview"));
    m_steps->addTab(m_run, tr("&5 Run"));
    // A form taller than a small screen scrolls rather than make the window taller.
    auto* scheduleScroll = new QScrollArea;
    scheduleScroll->setWidget(m_schedule);
    scheduleScroll->setWidgetResizable(true);
    scheduleScroll->setFrameShape(QFrame::NoFrame);
    scheduleScroll->setFocusPolicy(Qt::NoFocus);
    m_steps->addTab(scheduleScroll, tr("&6 Schedule"));
    // A schedule or guards edited is a change like any other: undoable, saved with the sync.
    connect(m_schedule, &ScheduleStep::scheduleEdited, this, [this](const QJsonObject& schedule) {
        if (hasSync())
            m_undoStack->push(new SetSettingCommand(m_document, MappingDocument::Setting::Schedule,
                schedule.isEmpty() ? QString()
                                   : QString::fromUtf8(QJsonDocument(schedule).toJson(QJsonDocument::Compact))));
    });
    connect(m_schedule, &ScheduleStep::guardsEdited, this, [this](const QJsonObject& guards) {
        if (hasSync())
            m_undoStack->push(new SetSettingCommand(m_document, MappingDocument::Setting::Guards,
                guards.isEmpty() ? QString()
                                 : QString::fromUtf8(QJsonDocument(guards).toJson(QJsonDocument::Compact))));
    });
    connect(m_run, &RunStep::showRejectsRequested, this, [this] { runPreview(QStringLiteral("rejected")); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_steps, 1);

    for (int i = 0; i < m_steps->count(); ++i) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] { m_steps->setCurrentIndex(i); });
    }
    // Modified is what the sync says, not where the undo stack stands: an edit and its
    // opposite (Apply Fix, then removing it) leave the sync as saved.
    const auto stackMoved = [this] {
        updateHeader();
        Q_EMIT modifiedChanged(isModified());
    };
    connect(m_undoStack, &QUndoStack::cleanChanged, this, stackMoved);
    connect(m_undoStack, &QUndoStack::indexChanged, this, stackMoved);
    connect(m_document, &MappingDocument::mappingsChanged, this, &SyncEditor::updateHeader);
    connect(m_document, &MappingDocument::schemaChanged, this, &SyncEditor::fillPickers);
    connect(m_rows, &QueryRowsModel::stateChanged, this, &SyncEditor::updateStatus);
    connect(m_rows, &QueryRowsModel::rowsInserted, this, [this](const QModelIndex&, int first) {
        if (first != 0)
            return; // the first chunk sizes the columns and is the sample; later ones must not make them jump
        m_table->resizeColumnsToContents();
        for (int c = 0; c < m_rows->columnCount(); ++c)
            m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 240));
        m_document->setSample(m_rows->head(sampleRows));
        fillPickers();
    });
    connect(m_schemaFetcher, &SchemaFetcher::ready, this, [this](quint64 generation, const DestinationSchema& schema) {
        if (generation != m_schemaGeneration)
            return;
        QString status
            = tr("%n field(s) in %1; ✓ marks the mapped ones", nullptr, int(schema.fields.size())).arg(schema.object);
        const SyncSpec sync = editedSync();
        if (const QStringList others = m_workspace.syncsWriting(sync.destinationConnection, sync.object, sync.id);
            !others.isEmpty()) {
            status += QStringLiteral("<br>")
                + tr("<b>Also written by %1.</b> Each sync remembers only what it sent itself: a record both "
                     "send is overwritten by whichever runs last, and a preview here calls it added.")
                      .arg(others.join(QStringLiteral(", ")).toHtmlEscaped());
        }
        m_destination->setStatus(status);
        m_document->setSchema(schema);
    });
    connect(m_schemaFetcher, &SchemaFetcher::failed, this, [this](quint64 generation, const QString& message) {
        if (generation == m_schemaGeneration)
            m_destination->setStatus(tr("<b>Cannot describe the destination:</b> %1").arg(message.toHtmlEscaped()));
    });
    connect(m_destination, &DestinationStep::refreshRequested, this, &SyncEditor::describeDestination);
    connect(
        m_schemaFetcher, &SchemaFetcher::objectsReady, this, [this](quint64 generation, const QStringList& objects) {
            if (generation == m_objectsGeneration)
                m_destination->setObjects(objects);
        });
    connect(m_schemaFetcher, &SchemaFetcher::tablesReady, this, [this](quint64 generation, const QStringList& tables) {
        if (generation != m_tablesGeneration)
            return;
        m_tables = tables;
        fillPickers();
    });
    connect(m_document, &MappingDocument::settingsChanged, this, [this](MappingDocument::Setting setting) {
        if (setting == MappingDocument::Setting::Schedule || setting == MappingDocument::Setting::Guards) {
            showSchedule(); // an undo shows what it restored
            return;
        }
        showSettings();
        if (setting == MappingDocument::Setting::Object)
            describeDestination(); // its fields are what the mapping needs
        updateHeader();
    });
    connect(m_sql, &QsciScintilla::textChanged, this, &SyncEditor::markQueryEdited);
    // A preview answers for the sync as it was: any edit since makes it stale, and the Preview
    // step previews again when it is shown (a stale answer would mislead).
    connect(m_sql, &QsciScintilla::textChanged, this, &SyncEditor::markPreviewStale);
    connect(m_undoStack, &QUndoStack::indexChanged, this, &SyncEditor::markPreviewStale);
    // The mapping step shows what the preview found beside each mapping, until it goes stale.
    connect(m_preview, &PreviewStep::started, this, [this] { m_mapping->showPreview(nullptr); });
    connect(m_preview, &PreviewStep::finished, this, [this] { m_mapping->showPreview(freshPreview()); });
    connect(m_mapping, &MappingStep::previewRequested, this, [this](const QString& field) {
        showStep(PreviewStepIndex); // the answer stands: the link is shown only while it is fresh
        m_preview->filterByField(field);
    });
    connect(m_steps, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == PreviewStepIndex && m_previewStale && hasSync() && m_trusted && !m_preview->isRunning())
            runPreview();
    });
    connect(m_watcher, &SavedFileWatch::changed, this, &SyncEditor::changedOnDisk);
    clearSync();
}

// The undo stack, a child, signals "clean" and "index changed" as QObject deletes it, when this
// editor's members and other children may be gone: it must reach nobody (slots would read
// freed memory).
SyncEditor::~SyncEditor()
{
    m_undoStack->disconnect(); // every listener: the steps' panels go with this editor too
    m_document->disconnect();
}

QWidget* SyncEditor::buildSourceStep()
{
    m_table->setObjectName(QStringLiteral("rows"));
    m_table->setAccessibleName(tr("The query's rows"));
    m_table->setModel(new TypedHeaderProxy(m_table));
    static_cast<TypedHeaderProxy*>(m_table->model())->setSourceModel(m_rows);
    m_table->setItemDelegate(new NullAwareDelegate(m_table));
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setDefaultSectionSize(140);
    m_table->setWordWrap(false);
    m_status->setObjectName(QStringLiteral("status"));
    makeSentence(m_status);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_sql);
    splitter->addWidget(m_rowsView);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({160, 480});
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_pickers);
    layout->addWidget(m_status);
    return page;
}

void SyncEditor::describeDestination()
{
    if (!hasSync() || !m_trusted)
        return;
    m_destination->setStatus(tr("Describing %1…").arg(editedSync().destinationConnection));
    m_schemaGeneration = m_schemaFetcher->fetch(m_workspace, editedSync());
    m_objectsGeneration = m_schemaFetcher->fetchObjects(m_workspace, editedSync());
}

// The pickers show the document's settings (after an edit, an undo or a load).
void SyncEditor::showSettings()
{
    fillPickers();
    m_destination->showSettings();
}

const PreviewRunner::Preview* SyncEditor::freshPreview() const
{
    const PreviewRunner::Preview& preview = m_preview->preview();
    if (m_previewStale || m_preview->isRunning() || preview.counts.queried == 0)
        return nullptr;
    return &preview;
}

void SyncEditor::setWorkspace(const Workspace& workspace, bool trusted)
{
    m_workspace = workspace;
    m_trusted = trusted;
    m_tables.clear();
}

void SyncEditor::setTrusted(bool trusted)
{
    const bool wasTrusted = m_trusted;
    m_trusted = trusted;
    if (trusted && !wasTrusted && hasSync()) {
        fetchLists(editedSync());
        runQuery();
    }
}

bool SyncEditor::hasSync() const
{
    return !m_saved.id.isEmpty();
}

void SyncEditor::clearSync()
{
    m_sql->clear();
    m_saved = {};
    m_document->setSync({});
    m_undoStack->clear();
    m_queryEdited = false;
    m_rows->clear();
    m_preview->clear();
    m_mapping->showPreview(nullptr);
    m_watcher->watch(QString()); // no sync shown: a change to the last one's file is no news
    m_document->setSchema({});
    fillPickers(); // nothing of the sync shown before stays in them
    m_run->reset();
    m_title->setText(tr("No sync selected"));
    m_subtitle->setText(tr("Pick a sync on the left, or make one with New Sync… (Ctrl+N)."));
    m_steps->setEnabled(false);
}

void SyncEditor::showProblems(const QString& id, const QString& file, const QStringList& problems)
{
    clearSync();
    m_title->setText(tr("%1 — cannot be loaded").arg(id));
    m_subtitle->setText(tr("%1 has problems; fix them, then Reload Workspace. Until then it cannot run.").arg(file));
    {
        const QSignalBlocker blocker(m_sql);
        m_sql->setText(problems.join(QLatin1Char('\n')));
    }
    m_sql->setReadOnly(true);
    m_steps->setCurrentIndex(SourceStepIndex);
    m_steps->setEnabled(true);
    for (int i = 1; i < m_steps->count(); ++i)
        m_steps->setTabEnabled(i, false);
}

void SyncEditor::openSync(const SyncSpec& sync)
{
    m_sql->setReadOnly(false);
    for (int i = 1; i < m_steps->count(); ++i)
        m_steps->setTabEnabled(i, true);
    m_saved = sync;
    m_undoStack->clear(); // the commands point at the previous sync's document
    m_document->setSync(sync);
    m_document->setSchema({});
    {
        const QSignalBlocker blocker(m_sql);
        m_sql->setText(sync.query);
    }
    m_previewStale = true;
    m_mapping->showPreview(nullptr);
    m_run->reset();
    refreshRunHistory();
    m_sql->clearError();
    m_queryEdited = false;
    m_watcher->watch(m_saved.filePath);
    m_destination->openSync(sync);
    m_tables.clear();
    if (m_trusted)
        fetchLists(sync);
    m_steps->setEnabled(true);
    m_preview->clear();
    m_rows->clear(); // the previous sync's columns must not fill this one's pickers
    m_document->setSample({});
    fillPickers();
    updateHeader();
    if (sync.filePath.isEmpty()) { // new: its query is still to be written
        m_status->setText(tr("Write the query, then press F5 to run it and pick the primary key from its columns."));
        m_destination->setStatus(tr("Describing %1…").arg(sync.destinationConnection));
        if (m_trusted)
            m_schemaGeneration = m_schemaFetcher->fetch(m_workspace, sync);
        return;
    }
    if (!m_trusted) {
        m_status->setText(tr("Not connected: the workspace is not trusted."));
        m_destination->setStatus(tr("Not connected: the workspace is not trusted."));
        return;
    }
    runQuery();
}

SyncSpec SyncEditor::editedSync() const
{
    SyncSpec sync = m_document->sync();
    sync.query = m_sql->text();
    return sync;
}

bool SyncEditor::isModified() const
{
    if (!hasSync())
        return false;
    if (m_queryEdited || m_saved.filePath.isEmpty())
        return true;
    return !m_undoStack->isClean() && editedSync().toJson() != m_saved.toJson();
}

Result<SyncSpec> SyncEditor::save()
{
    // What is typed in the Schedule step counts, even with the cursor still in its box.
    if (QString problem; hasSync() && !m_schedule->commit(&problem)) {
        m_steps->setCurrentIndex(ScheduleStepIndex);
        return Error::config(problem + tr(" — not saved; fix it or set the schedule back"));
    }
    SyncSpec sync = editedSync();
    if (sync.mappings.isEmpty())
        return Error::config(
            tr("Map at least one field before saving: a sync without mappings would send empty records."));
    if (auto saved = WorkspaceWriter::saveSync(m_workspace, sync); !saved)
        return saved.error();
    if (sync.filePath.isEmpty())
        sync.filePath = QDir(m_workspace.root).filePath(QStringLiteral("syncs/%1.json").arg(sync.id));
    m_saved = sync;
    m_queryEdited = false;
    m_watcher->watch(m_saved.filePath);
    m_undoStack->setClean();
    updateHeader();
    Q_EMIT modifiedChanged(false);
    return sync;
}

void SyncEditor::revert()
{
    if (hasSync())
        openSync(m_saved);
    Q_EMIT modifiedChanged(isModified());
}

// The query is edited while it differs from the saved one: typing it back (or the editor's
// own undo) clears the mark.
void SyncEditor::markQueryEdited()
{
    const bool edited = hasSync() && m_sql->text() != m_saved.query;
    if (edited == m_queryEdited)
        return;
    const bool wasModified = isModified();
    m_queryEdited = edited;
    updateHeader();
    if (isModified() != wasModified)
        Q_EMIT modifiedChanged(isModified());
}

void SyncEditor::runQuery()
{
    if (!hasSync() || !m_trusted)
        return;
    m_sql->cancelList(); // a completion list left open would cover the rows
    m_sql->clearError();
    const SyncSpec sync = editedSync();
    m_queryPreview->run(m_workspace, sync.sourceConnection, sync.query);
    m_destination->setStatus(tr("Describing %1…").arg(sync.destinationConnection));
    m_schemaGeneration = m_schemaFetcher->fetch(m_workspace, sync);
}

void SyncEditor::stopQuery()
{
    m_queryPreview->stop();
}

bool SyncEditor::isQueryRunning() const
{
    return hasSync() && m_rows->isRunning();
}

void SyncEditor::runPreview(const QString& fate)
{
    if (!hasSync())
        return;
    m_previewStale = false; // before showing the step, which would otherwise preview again
    m_steps->setCurrentIndex(PreviewStepIndex);
    if (!m_trusted) {
        m_preview->clear(tr("Not connected: the workspace is not trusted."));
        return;
    }
    // Nothing mapped, nothing to send: said here rather than as "would add" empty records.
    if (editedSync().mappings.isEmpty()) {
        m_preview->clear(tr("Nothing is mapped yet: map the destination's fields in the Mapping step (Alt+3), "
                            "then preview."));
        return;
    }
    m_preview->run(m_workspace, editedSync(), fate);
}

// Stale from now on; and when the Preview step is the one shown (an undo made there), it
// previews again at once, once the edits of this moment are done.
void SyncEditor::markPreviewStale()
{
    m_previewStale = true;
    m_mapping->showPreview(nullptr);
    if (m_repreviewQueued || m_steps->currentIndex() != PreviewStepIndex || !hasSync() || !m_trusted)
        return;
    m_repreviewQueued = true;
    QTimer::singleShot(300, this, [this] {
        m_repreviewQueued = false;
        if (m_previewStale && m_steps->currentIndex() == PreviewStepIndex)
            runPreview();
    });
}

void SyncEditor::refreshRunHistory()
{
    if (!hasSync())
        return;
    // A journal that cannot be read shows no history rather than an error.
    const RunArchive archive(m_workspace);
    auto runs = archive.runs(m_saved.id, historyRuns);
    m_run->showHistory(archive, runs ? *runs : QList<RunReport>());
    m_lastRun = QDateTime();
    for (const RunReport& run : runs ? *runs : QList<RunReport>()) {
        if (!run.options.dryRun) {
            m_lastRun = run.startedAt;
            break;
        }
    }
    showSchedule();
}

void SyncEditor::showSchedule()
{
    QStringList columns;
    for (const Column& column : m_document->columns())
        columns << column.name;
    m_schedule->setColumns(columns);
    m_schedule->show(m_document->sync().schedule, m_document->sync().guards, m_lastRun);
}

QComboBox* SyncEditor::objectPicker() const
{
    return m_destination->objectPicker();
}

void SyncEditor::showStep(Step step)
{
    m_steps->setCurrentIndex(step);
}

void SyncEditor::fillPickers()
{
    const QString key = m_document->sync().primaryKey;
    QStringList columns;
    for (const Column& c : m_rows->columns())
        columns << c.name;
    if (!key.isEmpty() && !columns.contains(key))
        columns.prepend(key); // what the file says, before the query has answered
    m_pickers->fill(columns, m_workspace);
    m_sql->setCompletions(columns + m_tables);
    m_destination->fillPickers(m_saved.filePath.isEmpty() && m_undoStack->count() == 0);
}

void SyncEditor::fetchLists(const SyncSpec& sync)
{
    m_objectsGeneration = m_schemaFetcher->fetchObjects(m_workspace, sync);
    m_tablesGeneration = m_schemaFetcher->fetchTables(m_workspace, sync.sourceConnection);
}

void SyncEditor::updateHeader()
{
    if (!hasSync())
        return;
    const SyncSpec sync = m_document->sync();
    m_title->setText(isModified() ? tr("%1 ● unsaved").arg(sync.id) : sync.id);
    const QString object = sync.object.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(sync.object);
    m_subtitle->setText(
        tr("%1 → %2%3 · %4 · key %5 · %n mapping(s)", nullptr, int(sync.mappings.size()))
            .arg(sync.sourceConnection, sync.destinationConnection, object, syncModeName(sync.mode), sync.primaryKey));
}

void SyncEditor::updateStatus()
{
    if (!m_rows->errorText().isEmpty()) {
        const QString error = Redactor::redact(m_rows->errorText());
        m_status->setText(tr("<b>Query failed:</b> %1").arg(Redactor::escapeControls(error, true).toHtmlEscaped()));
        m_status->setStyleSheet(Tones::errorText(palette()));
        // "… at line 2, column 14", or the table or column it names: the editor marks it.
        const int at = SqlErrorPlace::find(m_sql->text(), error);
        if (at > 0)
            m_sql->markError(at, error);
        m_rowsView->showError(error, at > 0);
        return;
    }
    m_rowsView->showRows();
    m_status->setStyleSheet(QString());
    if (m_rows->columnCount() == 0) {
        m_status->setText(m_rows->wasStopped() ? tr("Query stopped. F5 runs it again.")
                : m_rows->atEnd()              ? QString()
                                               : tr("Running the query… (Esc stops it)"));
        return;
    }
    const QString rows = tr("%n row(s) loaded", nullptr, m_rows->rowCount());
    m_status->setText(rows
        + (m_rows->isFetching()        ? tr(" · fetching more…")
                : m_rows->wasStopped() ? tr(" · stopped (F5 runs the query again)")
                : m_rows->atEnd()      ? tr(" · end of result · F5 runs the query again")
                                       : tr(" · scroll for more · F5 runs the query again")));
}

} // namespace Ebb
