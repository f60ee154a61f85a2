#pragma once

#include "Destination.h"
#include "WebhookProtocol.h"
#include "connectors/http/Dispatcher.h"

#include <memory>

namespace Ebb {

// A sync's records POSTed to a URL as Standard Webhooks events (WebhookProtocol), through the
// Dispatcher: `batchSize` events a request, rate limits, retries with back-off, halving a
// batch a receiver refused as a whole. Schemaless: the mapping shapes each event's data.
class WebhookDestination : public Destination
{
public:
    WebhookDestination(QUrl url, const QString& secret, const QString& sync, QHash<QByteArray, QByteArray> headers,
        DispatcherOptions options, const std::atomic_bool* cancel = nullptr);
    ~WebhookDestination() override;

    Result<DestinationSchema> schema() override;
    Result<void> begin() override { return {}; }
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;
    bool durableOnWrite() const override { return true; }
    Result<void> finish() override { return {}; }
    void setRequestLog(RequestLog* log) override { m_requestLog = log; }

private:
    WebhookProtocol m_protocol;
    DispatcherOptions m_options;
    const std::atomic_bool* m_cancel;
    std::unique_ptr<Dispatcher> m_dispatcher; // made by write(), on the writer's thread
    RequestLog* m_requestLog = nullptr;
};

} // namespace Ebb
