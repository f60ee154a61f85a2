#include "MappingListModel.h"

#include "AutoMapper.h"
#include "ColumnDrag.h"
#include "FieldDrag.h"
#include "JsonText.h"
#include "MappingDocument.h"
#include "commands/MapColumnCommand.h"

#include <QMimeData>
#include <QUndoStack>

namespace Ebb {

namespace {

// A transform as the file writes it, but a bare name without quotes: names read as names.
QString jsonText(const QJsonValue& value)
{
    return value.isString() ? value.toString() : jsonLiteral(value);
}

QString kindName(const std::optional<FieldMapping>& mapping)
{
    if (!mapping)
        return {};
    switch (mapping->kind) {
    case FieldMapping::Kind::Column:
        return QStringLiteral("column");
    case FieldMapping::Kind::Template:
        return QStringLiteral("template");
    case FieldMapping::Kind::Constant:
        return QStringLiteral("constant");
    }
    return {};
}

} // namespace

MappingListModel::MappingListModel(MappingDocument* document, QUndoStack* undoStack, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_undoStack(undoStack)
{
    connect(document, &MappingDocument::mappingsChanged, this, &MappingListModel::refresh);
    // A new schema or sample changes every row's sample and state, not which rows there are
    // (but for required-unmapped rows): refresh keeps the selection where a reset would not.
    connect(document, &MappingDocument::schemaChanged, this, &MappingListModel::refresh);
    connect(document, &MappingDocument::sampleChanged, this, &MappingListModel::refresh);
    connect(document, &MappingDocument::syncReset, this, &MappingListModel::reset);
    m_rows = buildRows();
}

QList<MappingListModel::Row> MappingListModel::buildRows() const
{
    QList<Row> rows;
    const SyncSpec& sync = m_document->sync();
    for (const FieldMapping& mapping : sync.mappings)
        rows << Row{QStringLiteral("m:") + mapping.target, mapping.target, mapping,
            LiveSample::evaluate(sync, mapping, m_document->sample(), m_document->schema())};
    if (!m_document->requiresFields())
        return rows;
    for (const FieldSchema& field : m_document->schema().fields) {
        if (!field.required || field.readOnly || m_document->mappingFor(field.name))
            continue;
        LiveSample sample;
        sample.state = LiveSample::State::RequiredUnmapped;
        sample.rule = RejectRule::Required;
        // The validator's own words for this reject.
        sample.message = QStringLiteral("required field \"%1\" has no mapping").arg(field.name);
        rows << Row{QStringLiteral("r:") + field.name, field.name, std::nullopt, sample};
    }
    return rows;
}

void MappingListModel::reset()
{
    beginResetModel();
    m_rows = buildRows();
    endResetModel();
}

void MappingListModel::refresh()
{
    // Rows are matched by key so that a view sees an edit as the row removes and inserts it
    // really is, and keeps its selection on the rows that stayed.
    QList<Row> next = buildRows();
    QStringList nextKeys;
    for (const Row& row : next)
        nextKeys << row.key;
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!nextKeys.contains(m_rows[i].key)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    QStringList kept;
    for (const Row& row : std::as_const(m_rows))
        kept << row.key;
    QStringList keptInNext = nextKeys;
    keptInNext.removeIf([&](const QString& key) { return !kept.contains(key); });
    if (kept != keptInNext) { // reordered: no edit does that today; stay correct if one does
        reset();
        return;
    }
    for (int i = 0; i < next.size(); ++i) {
        if (i >= m_rows.size() || m_rows[i].key != next[i].key) {
            beginInsertRows({}, i, i);
            m_rows.insert(i, next[i]);
            endInsertRows();
        }
    }
    m_rows = std::move(next);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int MappingListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MappingListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void MappingListModel::setPreviewRejects(QHash<QString, RuleCounts> byField)
{
    if (byField == m_previewRejects)
        return;
    m_previewRejects = std::move(byField);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString MappingListModel::problemsText(const RuleCounts& counts)
{
    qint64 total = 0;
    for (const auto& [rule, count] : counts)
        total += count;
    return total == 1 ? tr("1 problem") : tr("%1 problems").arg(total);
}

QString MappingListModel::rulesText(const RuleCounts& counts)
{
    QStringList rules;
    for (const auto& [rule, count] : counts)
        rules << QStringLiteral("%1 %2").arg(rule).arg(count);
    return (counts.size() == 1 ? tr("rule %1") : tr("rules: %1")).arg(rules.join(QStringLiteral(" · ")));
}

QString MappingListModel::shownState(const Row& row) const
{
    if (row.sample.state == LiveSample::State::Ok && m_previewRejects.contains(row.target))
        return QStringLiteral("preview-rejects");
    return LiveSample::stateName(row.sample.state);
}

QString MappingListModel::statusText(const Row& row) const
{
    const QString sample = sampleStatus(row.sample);
    const auto found = m_previewRejects.constFind(row.target);
    if (found == m_previewRejects.cend() || row.sample.state == LiveSample::State::RequiredUnmapped)
        return sample;
    const QString preview = tr("%1 in Preview (%2)").arg(problemsText(*found), rulesText(*found));
    return row.sample.state == LiveSample::State::Ok ? tr("%1; the first rows pass").arg(preview)
                                                     : sample + QStringLiteral(" · ") + preview;
}

QString MappingListModel::sampleStatus(const LiveSample& s) const
{
    switch (s.state) {
    case LiveSample::State::Ok:
        return tr("ok");
    case LiveSample::State::Rejected:
        return tr("rejected (%1): %2").arg(s.ruleName(), s.message);
    case LiveSample::State::TypeMismatch:
        return s.suggestion && s.message != s.suggestion->text() ? tr("%1 (%2)").arg(s.suggestion->text(), s.message)
            : s.suggestion                                       ? s.suggestion->text()
                                                                 : s.message;
    case LiveSample::State::RequiredUnmapped:
        return tr("required, not mapped");
    case LiveSample::State::Invalid:
        return tr("invalid: %1").arg(s.message);
    case LiveSample::State::Unchecked:
        return tr("not checked: %1").arg(s.message);
    }
    return {};
}

QVariant MappingListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = m_rows.at(index.row());
    const LiveSample& sample = row.sample;
    QStringList transforms;
    if (row.mapping) {
        for (const QJsonValue& t : row.mapping->transforms)
            transforms << jsonText(t);
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SourceColumn:
            if (!row.mapping)
                return QString();
            switch (row.mapping->kind) {
            case FieldMapping::Kind::Column:
                return row.mapping->source;
            case FieldMapping::Kind::Template:
                return row.mapping->templateText;
            case FieldMapping::Kind::Constant:
                return jsonLiteral(row.mapping->value);
            }
            return {};
        case TransformsColumn: {
            QStringList shown; // as a person reads them: "dateFormat yyyy-MM-dd", not JSON
            for (const QJsonValue& t : row.mapping ? row.mapping->transforms : QJsonArray())
                shown << transformText(t);
            return shown.join(QLatin1String(", "));
        }
        case TargetColumn:
            return row.target;
        case SampleColumn:
            if (!row.mapping || sample.state == LiveSample::State::Invalid
                || sample.state == LiveSample::State::Unchecked
                || (sample.state == LiveSample::State::Rejected && sample.rule == RejectRule::Transform))
                return QString();
            return LiveSample::valueJson(sample.value);
        case StatusColumn:
            return statusText(row);
        }
        return {};
    case Qt::ToolTipRole:
    case StudioRoles::ReasonRole:
        if (row.mapping && row.mapping->kind == FieldMapping::Kind::Column && sample.state != LiveSample::State::Invalid
            && sample.state != LiveSample::State::Unchecked)
            return tr("first sample: %1 → %2\n%3")
                .arg(LiveSample::valueJson(sample.before), LiveSample::valueJson(sample.value), statusText(row));
        if (sample.state == LiveSample::State::RequiredUnmapped)
            return tr("%1: every record is rejected until a mapping writes it").arg(sample.message);
        return statusText(row);
    case StudioRoles::IdRole:
        return row.target;
    case StudioRoles::StateRole:
        return int(sample.state);
    case StudioRoles::StateNameRole:
        return shownState(row);
    case StudioRoles::IconNameRole:
        return QStringLiteral("mapping-") + shownState(row);
    case KindRole:
        return kindName(row.mapping);
    case TransformsRole:
        return transforms;
    case SampleValueRole:
        return sample.value;
    case SampleBeforeRole:
        return sample.before;
    case RuleRole:
        return sample.ruleName();
    case SuggestionRole:
        return sample.suggestion ? jsonText(sample.suggestion->transform) : QString();
    case RemovalRole:
        return sample.breakingTransform;
    case IsMappingRole:
        return row.mapping.has_value();
    }
    return {};
}

QVariant MappingListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn:
        return tr("Source");
    case TransformsColumn:
        return tr("Transforms");
    case TargetColumn:
        return tr("Field");
    case SampleColumn:
        return tr("Sample");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

QHash<int, QByteArray> MappingListModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert({{StudioRoles::IdRole, "target"}, {StudioRoles::StateRole, "state"},
        {StudioRoles::StateNameRole, "stateName"}, {StudioRoles::IconNameRole, "iconName"},
        {StudioRoles::ReasonRole, "reason"}, {KindRole, "kind"}, {TransformsRole, "transforms"},
        {SampleValueRole, "sampleValue"}, {SampleBeforeRole, "sampleBefore"}, {RuleRole, "rule"},
        {SuggestionRole, "suggestion"}, {RemovalRole, "removal"}, {IsMappingRole, "isMapping"}});
    return names;
}

Qt::ItemFlags MappingListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren | Qt::ItemIsDropEnabled;
    // A mapping row drags its field, so it can be dropped on a column in the source pane.
    if (m_rows.at(index.row()).mapping || m_rows.at(index.row()).sample.state == LiveSample::State::RequiredUnmapped)
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList MappingListModel::mimeTypes() const
{
    return {ColumnDrag::mimeType(), FieldDrag::mimeType()};
}

QMimeData* MappingListModel::mimeData(const QModelIndexList& indexes) const
{
    QStringList targets;
    for (const QModelIndex& index : indexes) {
        if (index.isValid() && !targets.contains(m_rows.at(index.row()).target))
            targets << m_rows.at(index.row()).target;
    }
    return targets.isEmpty() ? nullptr : FieldDrag::encode(m_document->sync().id, targets);
}

MappingListModel::DropPlan MappingListModel::planDrop(
    const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const
{
    const auto refuse = [](QString reason) { return DropPlan{{}, {}, std::move(reason)}; };
    if (action != Qt::CopyAction)
        return refuse(tr("a column or field can only be copied onto the mapping list"));
    const auto column = ColumnDrag::decode(data);
    const auto field = FieldDrag::decode(data);
    const auto drag = column ? column : field;
    if (!drag)
        return refuse(tr("only a source column or a destination field can be dropped on the mapping list"));
    if (drag->syncId != m_document->sync().id)
        return refuse(tr("that comes from another sync (%1)").arg(drag->syncId));
    if (drag->ids.size() != 1)
        return refuse(tr("drop one at a time on the mapping list"));
    const QString id = drag->ids.first();
    const DestinationSchema& schema = m_document->schema();
    const bool onRow = target.isValid() && target.model() == this;
    if (column && onRow) {
        const QString targetField = m_rows.at(target.row()).target;
        const FieldSchema* f = schema.field(targetField);
        if (f && f->readOnly)
            return refuse(tr("%1 is read-only: the destination sets it").arg(f->name));
        return DropPlan{id, targetField, {}};
    }
    if (field && onRow)
        return refuse(tr("a field goes on a column, or on the list's free space to map the column named like it"));
    // Dropped on no row: pair it with its namesake, by auto-map's rules, so the list is a
    // target as good as the other pane.
    if (column) {
        const int index = columnIndex(m_document->columns(), id);
        if (index < 0)
            return refuse(tr("no column %1 in the query's result").arg(id));
        const auto proposals
            = AutoMapper::propose({m_document->columns().at(index)}, schema, m_document->sync().mappings);
        if (proposals.isEmpty())
            return refuse(tr("no unmapped field is named like %1: drop it on a field").arg(id));
        return DropPlan{id, proposals.first().field, {}};
    }
    const FieldSchema* f = schema.field(id);
    if (!f)
        return refuse(tr("%1 has no field %2").arg(schema.object, id));
    if (f->readOnly)
        return refuse(tr("%1 is read-only: the destination sets it").arg(id));
    if (m_document->mappingFor(id))
        return refuse(tr("%1 is mapped already: drop a column on its row to change it").arg(id));
    DestinationSchema one = schema;
    one.fields = {*f};
    const auto proposals = AutoMapper::propose(m_document->columns(), one, m_document->sync().mappings);
    if (proposals.isEmpty())
        return refuse(tr("no column is named like %1: drop a column on the field instead").arg(id));
    return DropPlan{proposals.first().column, id, {}};
}

QString MappingListModel::dropRefusal(const QMimeData* data, Qt::DropAction action, const QModelIndex& target) const
{
    return planDrop(data, action, target).refusal;
}

bool MappingListModel::canDropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) const
{
    Q_UNUSED(column);
    return dropRefusal(data, action, parent.isValid() ? parent : index(row, 0)).isEmpty();
}

bool MappingListModel::dropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent)
{
    Q_UNUSED(column); // rows are mappings: any cell of one is the mapping
    const DropPlan plan = planDrop(data, action, parent.isValid() ? parent : index(row, 0));
    if (!plan.refusal.isEmpty())
        return false;
    m_undoStack->push(new MapColumnCommand(m_document, plan.column, plan.field));
    return true;
}

QModelIndex MappingListModel::indexOfTarget(const QString& target) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].target == target)
            return index(row, SourceColumn);
    }
    return {};
}

} // namespace Ebb
