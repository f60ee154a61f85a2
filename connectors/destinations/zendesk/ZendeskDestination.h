#pragma once

#include "ZendeskProtocol.h"
#include "connectors/destinations/HttpDestination.h"

namespace Ebb {

// Zendesk users written through create_or_update_many (ZendeskProtocol) by the Dispatcher,
// 100 a request; each request queues a job, which this polls (GET /api/v2/job_statuses/{id})
// until it is completed or failed, then takes each user's result, in request order: Created
// or Updated is acknowledged, Failed is refused with Zendesk's words, a job that failed or
// never finished leaves its users pending. The schema is the built-in attributes and the
// account's user_fields.
class ZendeskDestination : public HttpDestination
{
public:
    ZendeskDestination(QUrl baseUrl, const QString& email, const QString& token, QString matchField,
        DispatcherOptions options, const std::atomic_bool* cancel = nullptr);
    ~ZendeskDestination() override;

    Result<QStringList> objects() override { return QStringList{QStringLiteral("users")}; }
    Result<DestinationSchema> schema() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;

    static constexpr int jobTimeoutMs = 300000;

private:
    // The job's results by the key of each user it held; nullopt when it never finished.
    std::optional<QHash<QByteArray, RecordOutcome>> awaitJob(const ZendeskProtocol::Job& job);

    ZendeskProtocol m_protocol;
    const std::atomic_bool* m_cancel;
};

} // namespace Ebb
