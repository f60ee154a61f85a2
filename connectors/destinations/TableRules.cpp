#include "TableRules.h"

namespace Ebb {

void TableRules::setSchema(DestinationSchema schema, SyncMode mode)
{
    m_schema = std::move(schema);
    m_mode = mode;
    m_validator.reset();
}

QString TableRules::broken(const OutgoingRecord& record)
{
    if (m_checked || !m_schema || record.operation == OutgoingRecord::Operation::Delete)
        return {};
    if (!m_validator)
        m_validator.emplace(*m_schema, record.payload.fields(), m_mode);
    QStringList messages;
    for (const Reject& problem : m_validator->check(record.payload))
        messages << problem.message;
    if (messages.isEmpty())
        return {};
    return QStringLiteral("the table declares otherwise: ") + messages.join(QStringLiteral("; "));
}

} // namespace Ebb
