#include "WebhookDestination.h"

namespace Ebb {

WebhookDestination::WebhookDestination(QUrl url, const QString& secret, const QString& sync,
    QHash<QByteArray, QByteArray> headers, DispatcherOptions options, const std::atomic_bool* cancel)
    : m_protocol(std::move(url), secret, sync, std::move(headers))
    , m_options(std::move(options))
    , m_cancel(cancel)
{
}

WebhookDestination::~WebhookDestination() = default;

Result<DestinationSchema> WebhookDestination::schema()
{
    DestinationSchema schema;
    schema.object = m_protocol.url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    schema.acceptsAnyField = true;
    schema.partialUpdates = false; // an event carries the whole record
    schema.maxBatchSize = m_options.maxBatchSize;
    schema.rateLimit = m_options.rateLimit;
    return schema;
}

Result<QList<RecordOutcome>> WebhookDestination::write(const QList<OutgoingRecord>& batch)
{
    if (!m_dispatcher) {
        m_dispatcher = std::make_unique<Dispatcher>(m_protocol, m_options, m_cancel);
        m_dispatcher->setRequestLog(m_requestLog);
    }
    return m_dispatcher->send(batch);
}

} // namespace Ebb
