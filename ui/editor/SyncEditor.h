#pragma once

#include "app/engine/PreviewRunner.h"
#include "models/Result.h"
#include "models/Workspace.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class QUndoStack;

namespace Ebb {

class SourcePickers;
class DestinationFieldsModel;
class DestinationStep;
class MappingDocument;
class MappingStep;
class PreviewStep;
class QueryPreview;
class SavedFileWatch;
class RunStep;
class ScheduleStep;
class QueryRowsModel;
class SchemaFetcher;
class QueryRowsView;
class SqlEditor;

// One sync, edited in the centre of the window: steps Source · Destination · Mapping ·
// Preview as tabs (Alt+1…4). It drives the real engine (QueryPreview, SchemaFetcher,
// PreviewRunner on threads of their own) and saves through WorkspaceWriter to the same
// syncs/<id>.json that ebb-cli runs. Nothing connects until the workspace is trusted.
class SyncEditor : public QWidget
{
    Q_OBJECT

public:
    static constexpr int historyRuns = 200; // the Run step's history lists this many

    enum Step {
        SourceStepIndex,
        DestinationStepIndex,
        MappingStepIndex,
        PreviewStepIndex,
        RunStepIndex,
        ScheduleStepIndex
    };

    explicit SyncEditor(QWidget* parent = nullptr);
    ~SyncEditor() override;

    void setWorkspace(const Workspace& workspace, bool trusted);
    void setTrusted(bool trusted);
    // Opens `sync` (saved, or new and not yet saved); the undo history starts afresh.
    void openSync(const SyncSpec& sync);
    void clearSync();
    // A sync or connection file the loader set aside: its problems (file, JSON path, message)
    // where the query would be, and nothing to edit or run until it is fixed and reloaded.
    void showProblems(const QString& id, const QString& file, const QStringList& problems);
    bool hasSync() const;
    // The sync as edited: the document's mappings with the Source and Destination steps' fields.
    SyncSpec editedSync() const;
    bool isModified() const;
    // Writes syncs/<id>.json (atomic, sorted keys, unknown keys kept); returns the saved spec.
    Result<SyncSpec> save();
    void revert();

    void runQuery();
    // Stops the query the Source step waits for (its rows so far stay).
    void stopQuery();
    bool isQueryRunning() const;
    // `fate`: show only the rows of that fate once they arrive ("rejected").
    void runPreview(const QString& fate = {});
    void showStep(Step step);
    // The Run step's list of the sync's newest runs, read again from the journal.
    void refreshRunHistory();
    // The journal or the sync changed since the last preview (an edit, a run): the Preview
    // step previews again when it is shown.
    void markPreviewStale();

    QUndoStack* undoStack() const { return m_undoStack; }
    MappingDocument* document() const { return m_document; }
    MappingStep* mappingStep() const { return m_mapping; }
    PreviewStep* previewStep() const { return m_preview; }
    // A preview of the sync as it is now (no edit since), or nothing.
    const PreviewRunner::Preview* freshPreview() const;
    RunStep* runStep() const { return m_run; }
    ScheduleStep* scheduleStep() const { return m_schedule; }
    QComboBox* objectPicker() const;
    QStringList warehouseTables() const { return m_tables; }
    QueryRowsModel* rowsModel() const { return m_rows; }

Q_SIGNALS:
    void modifiedChanged(bool modified);
    // The sync's file changed on disk (a git pull, another editor), not through save().
    void changedOnDisk(const QString& path);

private:
    QWidget* buildSourceStep();
    void fillPickers();
    // Asks (off the GUI thread) for the destination's objects and the warehouse's tables.
    void fetchLists(const SyncSpec& sync);
    void updateHeader();
    void updateStatus();
    void markQueryEdited();
    void describeDestination();
    void showSettings();

    Workspace m_workspace;
    bool m_trusted = false;
    bool m_queryEdited = false; // the query changed since saved (it keeps its own undo, the editor's)
    SyncSpec m_saved;
    SavedFileWatch* m_watcher;
    MappingDocument* m_document;
    QUndoStack* m_undoStack;
    QueryRowsModel* m_rows;
    QueryPreview* m_queryPreview;
    SchemaFetcher* m_schemaFetcher;
    quint64 m_schemaGeneration = 0;
    QLabel* m_title;
    QLabel* m_subtitle;
    QTabWidget* m_steps;
    SqlEditor* m_sql;
    QueryRowsView* m_rowsView;
    QTableView* m_table; // m_rowsView's
    QLabel* m_status;
    SourcePickers* m_pickers;
    QStringList m_tables; // the source warehouse's tables, for the SQL editor's completion
    bool m_previewStale = true; // the sync changed since the Preview step last previewed it
    bool m_repreviewQueued = false;
    quint64 m_objectsGeneration = 0;
    quint64 m_tablesGeneration = 0;
    MappingStep* m_mapping;
    DestinationStep* m_destination;
    PreviewStep* m_preview;
    RunStep* m_run;
    ScheduleStep* m_schedule;
    QDateTime m_lastRun; // the start of the sync's last run (not a dry one); invalid: never ran
    void showSchedule();
};

} // namespace Ebb
