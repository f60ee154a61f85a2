#pragma once

#include "StudioRoles.h"

#include <QAbstractTableModel>

class QUndoStack;

namespace Ebb {

class MappingDocument;

// The source pane: the query's columns with their type and first sample values. Columns are
// dragged out as application/x-ebb-column (their names); a field dropped on a column maps
// it, through the undo stack.
class SourceColumnsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, TypeColumn, SamplesColumn, ColumnCount };
    enum State { Unmapped, Mapped };
    enum Role {
        SamplesRole = StudioRoles::FirstModelRole, // QStringList: the first three values as text
        MappedTargetsRole, // QStringList: the fields the column feeds
    };
    static constexpr int sampleCount = 3;

    SourceColumnsModel(MappingDocument* document, QUndoStack* undoStack, QObject* parent = nullptr);

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
    // Why a drop of `data` on `target` would be refused, for the drag cursor's tooltip;
    // empty when it would be taken.
    QString dropRefusal(const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const;

    QModelIndex indexOfColumn(const QString& name) const;

private:
    void mappingsChanged();

    MappingDocument* m_document;
    QUndoStack* m_undoStack;
};

} // namespace Ebb
