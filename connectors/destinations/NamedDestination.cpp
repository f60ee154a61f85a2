#include "NamedDestination.h"

namespace Ebb {

Error NamedDestination::named(Error error) const
{
    error.message = QStringLiteral("connection \"%1\": %2").arg(m_connectionId, error.message);
    return error;
}

Result<QStringList> NamedDestination::objects()
{
    auto objects = m_inner->objects();
    if (!objects)
        return named(objects.error());
    return objects;
}

Result<DestinationSchema> NamedDestination::schema()
{
    auto schema = m_inner->schema();
    if (!schema)
        return named(schema.error());
    return schema;
}

Result<void> NamedDestination::begin()
{
    auto began = m_inner->begin();
    if (!began)
        return named(began.error());
    return began;
}

Result<QList<RecordOutcome>> NamedDestination::write(const QList<OutgoingRecord>& batch)
{
    auto outcomes = m_inner->write(batch);
    if (!outcomes)
        return named(outcomes.error());
    return outcomes;
}

Result<void> NamedDestination::finish()
{
    auto finished = m_inner->finish();
    if (!finished)
        return named(finished.error());
    return finished;
}

} // namespace Ebb
