#pragma once

#include "HttpDestination.h"
#include "WebhookProtocol.h"

namespace Ebb {

// A sync's records POSTed to a URL as Standard Webhooks events (WebhookProtocol), through the
// Dispatcher: `batchSize` events a request, rate limits, retries with back-off, halving a
// batch a receiver refused as a whole. Schemaless: the mapping shapes each event's data.
class WebhookDestination : public HttpDestination
{
public:
    WebhookDestination(QUrl url, const QString& secret, const QString& sync, QHash<QByteArray, QByteArray> headers,
        DispatcherOptions options, const std::atomic_bool* cancel = nullptr);
    ~WebhookDestination() override;

    Result<DestinationSchema> schema() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;

private:
    WebhookProtocol m_protocol;
};

} // namespace Ebb
