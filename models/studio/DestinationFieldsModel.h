#pragma once

#include "StudioRoles.h"

#include <QAbstractTableModel>

class QUndoStack;

namespace Ebb {

class MappingDocument;
struct FieldSchema;

// The destination pane: the object's fields with their rules, required fields that no
// mapping writes listed first (they block every record), the rest in the schema's order.
// Fields are dragged out as application/x-ebb-field; a column dropped on a field maps it
// through the undo stack, and a read-only field refuses the drop and says why.
class DestinationFieldsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        TypeColumn,
        RequiredColumn,
        ReadOnlyColumn,
        RulesColumn,
        MaxLengthColumn,
        MappedColumn,
        ColumnCount
    };
    enum State { Unmapped, Mapped, RequiredUnmapped, ReadOnly };
    enum Role {
        RequiredRole = StudioRoles::FirstModelRole, // bool
        ReadOnlyRole, // bool
        OptionsRole, // QStringList
        MaxLengthRole, // int, 0: no limit
        MappedFromRole, // what feeds the field: a column, a template, a constant; empty if unmapped
    };

    DestinationFieldsModel(MappingDocument* document, QUndoStack* undoStack, QObject* parent = nullptr);

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
    // Why a drop of `data` on `target` would be refused ("lead_source is read-only: …"), for
    // the drag cursor's tooltip; empty when it would be taken.
    QString dropRefusal(const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const;

    QModelIndex indexOfField(const QString& name) const;
    // The required fields no mapping writes, in schema order (the list above the fields).
    QStringList requiredUnmapped() const;

private:
    const FieldSchema& fieldAt(int row) const;
    State stateOf(const FieldSchema& field) const;
    void reset();
    void refreshStates();

    MappingDocument* m_document;
    QUndoStack* m_undoStack;
};

} // namespace Ebb
