#pragma once

#include "LiveSample.h"
#include "StudioRoles.h"

#include <QAbstractTableModel>

class QUndoStack;

namespace Ebb {

class MappingDocument;

// The middle pane: one row per mapping of the sync (source → transforms → target) with its
// live sample, then one row per required field no mapping writes, so what blocks every
// record is in the list it has to be fixed in. A column dropped on a row maps that row's
// field to it; a column or field dropped on no row maps to its namesake.
class MappingListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SourceColumn, TransformsColumn, TargetColumn, SampleColumn, StatusColumn, ColumnCount };
    enum Role {
        KindRole = StudioRoles::FirstModelRole, // "column", "template", "constant", or "" for a required-unmapped row
        TransformsRole, // QStringList: the chain as the file writes it, one JSON text each
        SampleValueRole, // the value after the transforms (QVariant, as the payload holds it)
        SampleBeforeRole, // the source cell before them, for a column mapping
        RuleRole, // the rule a reject breaks: email, option, max_length, type, transform, …
        SuggestionRole, // the transform that fixes a type mismatch, as the file writes it (JSON text)
        RemovalRole, // int: the transform whose removal fixes a type reject (a dateFormat on a date), or -1
        IsMappingRole, // bool: false for a required field that no mapping writes
    };

    MappingListModel(MappingDocument* document, QUndoStack* undoStack, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction; }
    bool canDropMimeData(
        const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) const override;
    bool dropMimeData(
        const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) override;
    // Why a drop of `data` on `target` would be refused, for the drag cursor's tooltip; empty
    // when it would be taken. A column on a row maps that row's field; a column or a field on
    // no row pairs with its namesake by auto-map's rules.
    QString dropRefusal(const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const;

    // The row of the mapping (or required-unmapped field) for `target`.
    QModelIndex indexOfTarget(const QString& target) const;
    // The evaluated sample of a row, for a side panel that wants all of it.
    const LiveSample& sampleAt(int row) const { return m_rows.at(row).sample; }

    // Each field's rules broken over every row the last Preview read ("email" → {("email", 40),
    // ("max_length", 3)}, most broken first), shown beside the first rows' check: those can pass
    // while later rows do not. Empty: no Preview, or an edit made it stale.
    using RuleCounts = QList<std::pair<QString, qint64>>;
    void setPreviewRejects(QHash<QString, RuleCounts> byField);
    // "43 problems", and "rules: email 40 · max_length 3" (or "rule email 40").
    static QString problemsText(const RuleCounts& counts);
    static QString rulesText(const RuleCounts& counts);

private:
    struct Row
    {
        QString key; // "m:<target>" or "r:<field>": rows are matched by it across edits
        QString target;
        std::optional<FieldMapping> mapping;
        LiveSample sample;
    };

    struct DropPlan
    {
        QString column;
        QString field;
        QString refusal; // empty: map column → field
    };

    DropPlan planDrop(const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const;
    QList<Row> buildRows() const;
    void refresh();
    void reset();
    QString statusText(const Row& row) const;
    QString sampleStatus(const LiveSample& sample) const;
    // The row's state as drawn: the sample's, or "preview-rejects" when the first rows pass
    // and the Preview found rows that do not.
    QString shownState(const Row& row) const;

    MappingDocument* m_document;
    QUndoStack* m_undoStack;
    QList<Row> m_rows;
    QHash<QString, RuleCounts> m_previewRejects;
};

} // namespace Ebb
