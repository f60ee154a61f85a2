#include "NamedDestination.h"

namespace Ebb {

template <typename T> Result<T> NamedDestination::named(Result<T> result) const
{
    if (result)
        return result;
    Error error = result.error();
    error.message = QStringLiteral("connection \"%1\": %2").arg(m_connectionId, error.message);
    return error;
}

Result<QStringList> NamedDestination::objects()
{
    return named(m_inner->objects());
}

Result<DestinationSchema> NamedDestination::schema()
{
    return named(m_inner->schema());
}

Result<void> NamedDestination::begin()
{
    return named(m_inner->begin());
}

Result<QList<RecordOutcome>> NamedDestination::write(const QList<OutgoingRecord>& batch)
{
    return named(m_inner->write(batch));
}

Result<void> NamedDestination::finish()
{
    return named(m_inner->finish());
}

Result<void> NamedDestination::commit()
{
    return named(m_inner->commit());
}

} // namespace Ebb
