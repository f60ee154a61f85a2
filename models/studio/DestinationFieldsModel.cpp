#include "DestinationFieldsModel.h"

#include "ColumnDrag.h"
#include "FieldDrag.h"
#include "JsonText.h"
#include "MappingDocument.h"
#include "commands/MapColumnCommand.h"

#include <QMimeData>
#include <QUndoStack>

namespace Ebb {

DestinationFieldsModel::DestinationFieldsModel(MappingDocument* document, QUndoStack* undoStack, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_undoStack(undoStack)
{
    connect(document, &MappingDocument::schemaChanged, this, &DestinationFieldsModel::reset);
    connect(document, &MappingDocument::syncReset, this, &DestinationFieldsModel::reset);
    connect(document, &MappingDocument::mappingsChanged, this, &DestinationFieldsModel::refreshStates);
}

const FieldSchema& DestinationFieldsModel::fieldAt(int row) const
{
    return m_document->schema().fields.at(row);
}

DestinationFieldsModel::State DestinationFieldsModel::stateOf(const FieldSchema& field) const
{
    if (m_document->mappingFor(field.name))
        return Mapped; // even a read-only one: the mapping list shows its reject
    if (field.readOnly)
        return ReadOnly;
    return field.required && m_document->requiresFields() ? RequiredUnmapped : Unmapped;
}

void DestinationFieldsModel::reset()
{
    beginResetModel();
    endResetModel();
}

// The rows stay in the destination's own order, which an analyst learns; the fields still
// required are listed apart (requiredUnmapped()), so nothing jumps when a mapping is made.
void DestinationFieldsModel::refreshStates()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int DestinationFieldsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_document->schema().fields.size());
}

int DestinationFieldsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString mappedFrom(const FieldMapping* mapping)
{
    if (!mapping)
        return {};
    switch (mapping->kind) {
    case FieldMapping::Kind::Column:
        return mapping->source;
    case FieldMapping::Kind::Template:
        return mapping->templateText;
    case FieldMapping::Kind::Constant:
        return jsonLiteral(mapping->value); // "warehouse" with its quotes: it reads as a value
    }
    return {};
}

} // namespace

QVariant DestinationFieldsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const FieldSchema& field = fieldAt(index.row());
    const State state = stateOf(field);
    const QString from = mappedFrom(m_document->mappingFor(field.name));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return field.name;
        case TypeColumn:
            return FieldSchema::typeName(field.type);
        case RequiredColumn:
            return field.required ? QStringLiteral("*") : QString();
        case ReadOnlyColumn:
            return field.readOnly ? tr("read-only") : QString();
        case RulesColumn:
            return field.rules(false); // options, range, precision; long lists in the tooltip
        case MaxLengthColumn:
            return field.maxLength > 0 ? QString::number(field.maxLength) : QString();
        case MappedColumn:
            return from;
        }
        return {};
    case Qt::ToolTipRole:
        // The options in full, where the column is too narrow for them.
        if (index.column() == RulesColumn && !field.rules(false).isEmpty())
            return tr("%1 takes %2").arg(field.name, field.rules(false));
        [[fallthrough]];
    case StudioRoles::ReasonRole:
        switch (state) {
        case Mapped:
            return tr("%1 takes its value from %2").arg(field.name, from);
        case ReadOnly:
            return tr("%1 is read-only: the destination sets it").arg(field.name);
        case RequiredUnmapped:
            return tr("%1 is required: every record is rejected until a mapping writes it").arg(field.name);
        case Unmapped:
            return tr("%1 is not mapped: records leave it as the destination has it").arg(field.name);
        }
        return {};
    case StudioRoles::IdRole:
        return field.name;
    case StudioRoles::StateRole:
        return state;
    case StudioRoles::StateNameRole:
    case StudioRoles::IconNameRole: {
        static const char* const names[] = {"unmapped", "mapped", "required", "readonly"};
        const QString name = QLatin1String(names[state]);
        return role == StudioRoles::IconNameRole ? QStringLiteral("field-") + name : name;
    }
    case RequiredRole:
        return field.required;
    case ReadOnlyRole:
        return field.readOnly;
    case OptionsRole:
        return field.options;
    case MaxLengthRole:
        return field.maxLength;
    case MappedFromRole:
        return from;
    }
    return {};
}

QVariant DestinationFieldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Field");
    case TypeColumn:
        return tr("Type");
    case RequiredColumn:
        return tr("Required");
    case ReadOnlyColumn:
        return tr("Read-only");
    case RulesColumn:
        return tr("Rules");
    case MaxLengthColumn:
        return tr("Max length");
    case MappedColumn:
        return tr("Mapped from");
    }
    return {};
}

QHash<int, QByteArray> DestinationFieldsModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert({{StudioRoles::IdRole, "fieldId"}, {StudioRoles::StateRole, "state"},
        {StudioRoles::StateNameRole, "stateName"}, {StudioRoles::IconNameRole, "iconName"},
        {StudioRoles::ReasonRole, "reason"}, {RequiredRole, "required"}, {ReadOnlyRole, "readOnly"},
        {OptionsRole, "options"}, {MaxLengthRole, "maxLength"}, {MappedFromRole, "mappedFrom"}});
    return names;
}

Qt::ItemFlags DestinationFieldsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    // A read-only field stays a drop target so the view asks, and can show why it refuses.
    flags |= Qt::ItemIsDropEnabled;
    if (!fieldAt(index.row()).readOnly)
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList DestinationFieldsModel::mimeTypes() const
{
    return {FieldDrag::mimeType(), ColumnDrag::mimeType()};
}

QMimeData* DestinationFieldsModel::mimeData(const QModelIndexList& indexes) const
{
    QStringList names;
    for (const QModelIndex& index : indexes) {
        if (!index.isValid() || fieldAt(index.row()).readOnly)
            continue;
        const QString name = fieldAt(index.row()).name;
        if (!names.contains(name))
            names << name;
    }
    if (names.isEmpty())
        return nullptr;
    return FieldDrag::encode(m_document->sync().id, names);
}

QString DestinationFieldsModel::dropRefusal(
    const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const
{
    if (action != Qt::CopyAction)
        return tr("a column can only be copied onto a field");
    const auto drag = ColumnDrag::decode(data);
    if (!drag)
        return tr("only a source column can be dropped on a field");
    if (drag->syncId != m_document->sync().id)
        return tr("that column belongs to another sync (%1)").arg(drag->syncId);
    if (!target.isValid() || target.model() != this)
        return tr("drop the column on the field it should fill");
    if (drag->ids.size() != 1)
        return tr("drop one column at a time on a field");
    const FieldSchema& field = fieldAt(target.row());
    if (field.readOnly)
        return tr("%1 is read-only: the destination sets it").arg(field.name);
    return {};
}

bool DestinationFieldsModel::canDropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) const
{
    Q_UNUSED(column);
    return dropRefusal(data, action, parent.isValid() ? parent : index(row, 0)).isEmpty();
}

bool DestinationFieldsModel::dropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QModelIndex target = parent.isValid() ? parent : index(row, 0);
    const QString field = fieldAt(target.row()).name;
    m_undoStack->push(new MapColumnCommand(m_document, ColumnDrag::decode(data)->ids.first(), field));
    return true;
}

QModelIndex DestinationFieldsModel::indexOfField(const QString& name) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (fieldAt(row).name == name)
            return index(row, NameColumn);
    }
    return {};
}

QStringList DestinationFieldsModel::requiredUnmapped() const
{
    QStringList names;
    for (const FieldSchema& field : m_document->schema().fields) {
        if (stateOf(field) == RequiredUnmapped)
            names << field.name;
    }
    return names;
}

} // namespace Ebb
