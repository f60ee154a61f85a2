#include "SourceColumnsModel.h"

#include "ColumnDrag.h"
#include "FieldDrag.h"
#include "MappingDocument.h"
#include "commands/MapColumnCommand.h"
#include "models/mapping/ValueText.h"

#include <QMimeData>
#include <QUndoStack>

namespace Ebb {

SourceColumnsModel::SourceColumnsModel(MappingDocument* document, QUndoStack* undoStack, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_undoStack(undoStack)
{
    const auto reset = [this] {
        beginResetModel();
        endResetModel();
    };
    // The document already holds the new columns when it signals, so only a reset is honest.
    connect(document, &MappingDocument::sampleChanged, this, reset);
    connect(document, &MappingDocument::syncReset, this, reset);
    connect(document, &MappingDocument::mappingsChanged, this, &SourceColumnsModel::mappingsChanged);
    connect(document, &MappingDocument::schemaChanged, this, &SourceColumnsModel::mappingsChanged);
}

int SourceColumnsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_document->columns().size());
}

int SourceColumnsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourceColumnsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Ebb::Column& column = m_document->columns().at(index.row());
    const RowBatch& sample = m_document->sample();
    QStringList samples;
    for (int row = 0; row < std::min(sampleCount, sample.rowCount()); ++row) {
        const QVariant& cell = sample.at(row, index.row());
        samples << (isNull(cell) ? QStringLiteral("NULL") : valueText(cell));
    }
    const QStringList targets = m_document->targetsOfColumn(column.name);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return column.name;
        case TypeColumn:
            return valueTypeName(column.type);
        case SamplesColumn:
            return samples.join(QStringLiteral(" · "));
        }
        return {};
    case Qt::ToolTipRole:
    case StudioRoles::ReasonRole:
        if (targets.isEmpty())
            return tr("%1 (%2) feeds no field yet: drag it onto a field").arg(column.name, column.nativeType);
        return tr("%1 (%2) feeds %3").arg(column.name, column.nativeType, targets.join(QLatin1String(", ")));
    case StudioRoles::IdRole:
        return column.name;
    case StudioRoles::StateRole:
        return targets.isEmpty() ? Unmapped : Mapped;
    case StudioRoles::StateNameRole:
        return targets.isEmpty() ? QStringLiteral("unmapped") : QStringLiteral("mapped");
    case StudioRoles::IconNameRole:
        return targets.isEmpty() ? QStringLiteral("column") : QStringLiteral("column-mapped");
    case SamplesRole:
        return samples;
    case MappedTargetsRole:
        return targets;
    }
    return {};
}

QVariant SourceColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Column");
    case TypeColumn:
        return tr("Type");
    case SamplesColumn:
        return tr("Sample");
    }
    return {};
}

QHash<int, QByteArray> SourceColumnsModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert({{StudioRoles::IdRole, "columnId"}, {StudioRoles::StateRole, "state"},
        {StudioRoles::StateNameRole, "stateName"}, {StudioRoles::IconNameRole, "iconName"},
        {StudioRoles::ReasonRole, "reason"}, {SamplesRole, "samples"}, {MappedTargetsRole, "mappedTargets"}});
    return names;
}

Qt::ItemFlags SourceColumnsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled
        | Qt::ItemNeverHasChildren;
}

QStringList SourceColumnsModel::mimeTypes() const
{
    return {ColumnDrag::mimeType(), FieldDrag::mimeType()};
}

QMimeData* SourceColumnsModel::mimeData(const QModelIndexList& indexes) const
{
    QStringList names;
    for (const QModelIndex& index : indexes) { // one index per cell of a selected row: take each row once
        const QString name = data(index, StudioRoles::IdRole).toString();
        if (index.isValid() && !names.contains(name))
            names << name;
    }
    if (names.isEmpty())
        return nullptr;
    return ColumnDrag::encode(m_document->sync().id, names);
}

QString SourceColumnsModel::dropRefusal(const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const
{
    if (action != Qt::CopyAction)
        return tr("a field can only be copied onto a column");
    const auto drag = FieldDrag::decode(data);
    if (!drag)
        return tr("only a destination field can be dropped on a column");
    if (drag->syncId != m_document->sync().id)
        return tr("that field belongs to another sync (%1)").arg(drag->syncId);
    if (!target.isValid() || target.model() != this)
        return tr("drop the field on the column it should take its value from");
    if (drag->ids.size() != 1)
        return tr("drop one field at a time on a column");
    const FieldSchema* field = m_document->schema().field(drag->ids.first());
    if (field && field->readOnly)
        return tr("%1 is read-only: the destination sets it").arg(field->name);
    return {};
}

bool SourceColumnsModel::canDropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) const
{
    Q_UNUSED(column);
    // A drop between rows (row >= 0, parent invalid) names no column.
    const QModelIndex target = parent.isValid() ? parent : index(row, 0);
    return dropRefusal(data, action, target).isEmpty();
}

bool SourceColumnsModel::dropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QModelIndex target = parent.isValid() ? parent : index(row, 0);
    const QString field = FieldDrag::decode(data)->ids.first();
    m_undoStack->push(new MapColumnCommand(
        m_document, target.siblingAtColumn(NameColumn).data(StudioRoles::IdRole).toString(), field));
    return true;
}

QModelIndex SourceColumnsModel::indexOfColumn(const QString& name) const
{
    const int row = columnIndex(m_document->columns(), name);
    return row < 0 ? QModelIndex() : index(row, NameColumn);
}

void SourceColumnsModel::mappingsChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace Ebb
