#include "WebhookDestination.h"

namespace Ebb {

WebhookDestination::WebhookDestination(QUrl url, const QString& secret, const QString& sync,
    QHash<QByteArray, QByteArray> headers, DispatcherOptions options, const std::atomic_bool* cancel)
    : HttpDestination(m_protocol, std::move(options), cancel)
    , m_protocol(std::move(url), secret, sync, std::move(headers))
{
}

WebhookDestination::~WebhookDestination() = default;

Result<DestinationSchema> WebhookDestination::schema()
{
    DestinationSchema schema;
    schema.object = m_protocol.url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    schema.acceptsAnyField = true;
    schema.partialUpdates = false; // an event carries the whole record
    schema.maxBatchSize = options().maxBatchSize;
    schema.rateLimit = options().rateLimit;
    return schema;
}

Result<QList<RecordOutcome>> WebhookDestination::write(const QList<OutgoingRecord>& batch)
{
    return dispatcher().send(batch);
}

} // namespace Ebb
