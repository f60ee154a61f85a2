#pragma once

#include "models/RowBatch.h"
#include "models/SyncSpec.h"
#include "models/destination/DestinationSchema.h"

#include <QObject>
#include <optional>

namespace Ebb {

// The sync being mapped, with what the editor knows around it: the destination object's
// schema and a sample of the query's rows. The three panes and the undo commands share one
// document, so a drop in one pane shows in the others and undo finds the state it left.
// Mappings change only through setMapping(), which the undo commands call; the models
// listen and never edit the SyncSpec themselves.
class MappingDocument : public QObject
{
    Q_OBJECT

public:
    // The sync's settings outside its mappings that the editor's pickers change (undoably).
    // Schedule and Guards are their JSON objects as compact text ("" for none).
    enum class Setting { PrimaryKey, Cursor, ChangeDetection, Mode, Object, MatchField, Schedule, Guards };

    explicit MappingDocument(SyncSpec sync = {}, QObject* parent = nullptr);

    const SyncSpec& sync() const { return m_sync; }
    void setSync(SyncSpec sync);
    // The destination's fields as it declares them — or, for one that takes any field (a
    // file), every source column's name and every mapped target as a field to map.
    const DestinationSchema& schema() const { return m_schema; }
    void setSchema(DestinationSchema schema);
    // The query's first rows (PreviewRunner or QueryRowsModel get them); its columns are the
    // source columns. An empty batch with columns is fine: no live samples then.
    const RowBatch& sample() const { return m_sample; }
    void setSample(RowBatch sample);
    const QList<Column>& columns() const { return m_sample.columns(); }

    QString setting(Setting setting) const;
    // Emits settingsChanged(), and mappingsChanged() too where the setting changes what the
    // mappings are judged by (the mode decides what is required; the match field is checked).
    void setSetting(Setting setting, const QString& value);

    // A mapping is known by its target: a sync file may name a target only once.
    int indexOfTarget(const QString& target) const;
    const FieldMapping* mappingFor(const QString& target) const;
    // The targets a column feeds, directly (not through templates).
    QStringList targetsOfColumn(const QString& column) const;
    // "required" binds only when a mode may create records (PayloadValidator does the same).
    bool requiresFields() const { return m_sync.mode != SyncMode::Update; }

    // Puts `mapping` in place of the one for `target` (where it stands), or inserts it at
    // `position` (-1 or out of range: at the end) when `target` has none; nullopt removes
    // the mapping for `target`. Returns the index the mapping now has, or -1.
    int setMapping(const QString& target, const std::optional<FieldMapping>& mapping, int position = -1);
    // Many edits as one change: mappingsChanged() is emitted once, at the outermost endBatch(),
    // so the panes re-evaluate their live samples once rather than once an edit (auto-map).
    void beginBatch();
    void endBatch();

Q_SIGNALS:
    void mappingsChanged();
    void schemaChanged();
    void settingsChanged(Setting setting);
    void sampleChanged();
    // A different sync: everything changed.
    void syncReset();

private:
    SyncSpec m_sync;
    DestinationSchema m_schema;
    DestinationSchema m_declared; // as the destination said it
    DestinationSchema withOpenFields(DestinationSchema schema) const;
    RowBatch m_sample;
    int m_batchDepth = 0;
    bool m_changedInBatch = false;
};

} // namespace Ebb
