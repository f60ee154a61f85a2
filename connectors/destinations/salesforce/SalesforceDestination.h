#pragma once

#include "SalesforceProtocol.h"
#include "connectors/destinations/HttpDestination.h"
#include "connectors/http/HttpGet.h"

namespace Ebb {

// A Salesforce sObject (Contact, Account, a custom one) written through composite sObject
// collections (SalesforceProtocol) by the Dispatcher, 200 records a request. The schema is
// the sObject's describe; its objects, the org's createable sObjects.
class SalesforceDestination : public HttpDestination
{
public:
    SalesforceDestination(QUrl instanceUrl, QString version, QString token, QString object, QString matchField,
        DispatcherOptions options, const std::atomic_bool* cancel = nullptr, SalesforceProtocol::Refresh refresh = {});
    int refreshes() const { return m_protocol.refreshes(); }
    QString summary() const override;
    ~SalesforceDestination() override;

    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;

private:
    // A GET of the API, once more with a fresh token after a 401 where the connection can.
    Result<HttpGet::Answer> fetch(const QString& path);

    QString m_object;
    SalesforceProtocol m_protocol;
};

} // namespace Ebb
