#include "MappingDocument.h"

#include <QJsonDocument>

namespace Ebb {

MappingDocument::MappingDocument(SyncSpec sync, QObject* parent)
    : QObject(parent)
    , m_sync(std::move(sync))
{
}

void MappingDocument::setSync(SyncSpec sync)
{
    m_sync = std::move(sync);
    Q_EMIT syncReset();
}

void MappingDocument::setSchema(DestinationSchema schema)
{
    m_declared = std::move(schema);
    m_schema = withOpenFields(m_declared);
    Q_EMIT schemaChanged();
}

// A destination that takes any field (a file) declares none: its fields are the names
// there are to give — every source column, and what the mappings already write — so a
// column can be dropped on one, mapped with Enter or auto-mapped, as for any object.
DestinationSchema MappingDocument::withOpenFields(DestinationSchema schema) const
{
    if (!schema.acceptsAnyField)
        return schema;
    QStringList names;
    for (const Column& column : m_sample.columns())
        names << column.name;
    for (const FieldMapping& mapping : m_sync.mappings)
        names << mapping.target;
    for (const QString& name : std::as_const(names)) {
        if (name.isEmpty() || schema.field(name))
            continue;
        FieldSchema field;
        field.name = name;
        field.label = name;
        schema.fields << field;
    }
    return schema;
}

void MappingDocument::setSample(RowBatch sample)
{
    m_sample = std::move(sample);
    if (m_declared.acceptsAnyField) {
        m_schema = withOpenFields(m_declared);
        Q_EMIT schemaChanged();
    }
    Q_EMIT sampleChanged();
}

QString MappingDocument::setting(Setting setting) const
{
    switch (setting) {
    case Setting::PrimaryKey:
        return m_sync.primaryKey;
    case Setting::Cursor:
        return m_sync.cursorColumn;
    case Setting::ChangeDetection:
        return m_sync.changeDetection == SyncSpec::ChangeDetection::Warehouse ? QStringLiteral("warehouse")
                                                                              : QStringLiteral("local");
    case Setting::Mode:
        return syncModeName(m_sync.mode);
    case Setting::Object:
        return m_sync.object;
    case Setting::MatchField:
        return m_sync.matchField;
    case Setting::Schedule:
        return m_sync.schedule.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(m_sync.schedule).toJson(QJsonDocument::Compact));
    case Setting::Guards:
        return m_sync.guards.isEmpty() ? QString()
                                       : QString::fromUtf8(QJsonDocument(m_sync.guards).toJson(QJsonDocument::Compact));
    }
    return {};
}

void MappingDocument::setSetting(Setting setting, const QString& value)
{
    if (this->setting(setting) == value)
        return;
    switch (setting) {
    case Setting::PrimaryKey:
        m_sync.primaryKey = value;
        break;
    case Setting::Cursor:
        m_sync.cursorColumn = value;
        break;
    case Setting::ChangeDetection:
        m_sync.changeDetection = value == QLatin1String("warehouse") ? SyncSpec::ChangeDetection::Warehouse
                                                                     : SyncSpec::ChangeDetection::Local;
        break;
    case Setting::Mode:
        if (const auto mode = syncModeFromName(value))
            m_sync.mode = *mode;
        else
            return; // a word that names no mode changes nothing
        break;
    case Setting::Object:
        m_sync.object = value;
        break;
    case Setting::MatchField:
        m_sync.matchField = value;
        break;
    case Setting::Schedule:
        m_sync.schedule = QJsonDocument::fromJson(value.toUtf8()).object();
        break;
    case Setting::Guards:
        m_sync.guards = QJsonDocument::fromJson(value.toUtf8()).object();
        break;
    }
    Q_EMIT settingsChanged(setting);
    if (setting == Setting::Mode || setting == Setting::MatchField)
        Q_EMIT mappingsChanged();
}

int MappingDocument::indexOfTarget(const QString& target) const
{
    for (int i = 0; i < m_sync.mappings.size(); ++i) {
        if (m_sync.mappings[i].target == target)
            return i;
    }
    return -1;
}

const FieldMapping* MappingDocument::mappingFor(const QString& target) const
{
    const int index = indexOfTarget(target);
    return index < 0 ? nullptr : &m_sync.mappings[index];
}

QStringList MappingDocument::targetsOfColumn(const QString& column) const
{
    QStringList targets;
    for (const FieldMapping& m : m_sync.mappings) {
        // Case-insensitive as Mapper finds columns (columnIndex): "Email" in a file feeds "email".
        if (m.kind == FieldMapping::Kind::Column && m.source.compare(column, Qt::CaseInsensitive) == 0)
            targets << m.target;
    }
    return targets;
}

int MappingDocument::setMapping(const QString& target, const std::optional<FieldMapping>& mapping, int position)
{
    const int existing = indexOfTarget(target);
    int result = -1;
    if (!mapping) {
        if (existing < 0)
            return -1;
        m_sync.mappings.removeAt(existing);
    } else if (existing >= 0) {
        m_sync.mappings[existing] = *mapping;
        result = existing;
    } else {
        result = position < 0 || position > m_sync.mappings.size() ? int(m_sync.mappings.size()) : position;
        m_sync.mappings.insert(result, *mapping);
    }
    if (m_batchDepth > 0)
        m_changedInBatch = true;
    else
        Q_EMIT mappingsChanged();
    return result;
}

void MappingDocument::beginBatch()
{
    ++m_batchDepth;
}

void MappingDocument::endBatch()
{
    if (m_batchDepth > 0 && --m_batchDepth == 0 && m_changedInBatch) {
        m_changedInBatch = false;
        Q_EMIT mappingsChanged();
    }
}

} // namespace Ebb
