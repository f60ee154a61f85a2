#pragma once

#include "HubSpotProtocol.h"
#include "connectors/destinations/HttpDestination.h"

namespace Ebb {

// A HubSpot CRM object (contacts, companies, a custom object) written through the batch
// endpoints (HubSpotProtocol) by the Dispatcher: 100 inputs a request, paced by the
// connection's rate limit and HubSpot's X-HubSpot-RateLimit headers, retried and halved as
// docs/API-CONTRACTS.md says. The schema is the object's properties.
class HubSpotDestination : public HttpDestination
{
public:
    static constexpr const char* publicUrl = "https://api.hubapi.com";

    HubSpotDestination(QUrl baseUrl, QString token, QString object, QString matchField, DispatcherOptions options,
        const std::atomic_bool* cancel = nullptr);
    ~HubSpotDestination() override;

    // contacts, companies, deals, tickets and the account's custom objects (GET /crm/v3/schemas).
    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;

private:
    Result<QList<RecordOutcome>> archiveByLookup(const QList<OutgoingRecord>& deletes);

    QString m_object;
    HubSpotProtocol m_protocol;
};

} // namespace Ebb
