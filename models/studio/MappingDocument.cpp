#include "MappingDocument.h"

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
    m_schema = std::move(schema);
    Q_EMIT schemaChanged();
}

void MappingDocument::setSample(RowBatch sample)
{
    m_sample = std::move(sample);
    Q_EMIT sampleChanged();
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
