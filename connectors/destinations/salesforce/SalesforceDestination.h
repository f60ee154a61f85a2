#pragma once

#include "SalesforceProtocol.h"
#include "connectors/destinations/HttpDestination.h"
#include "connectors/http/HttpCall.h"

namespace Ebb {

// A Salesforce sObject (Contact, Account, a custom one) written through composite sObject
// collections (SalesforceProtocol) by the Dispatcher, 200 records a request; a run of at least
// `bulkThreshold` records of one operation (the engine hands them over that many at a time)
// goes as one Bulk API 2.0 job instead (SalesforceBulk; 0: never). Deletes by an external id
// look the Ids up first. The schema is the sObject's describe; its objects, the org's
// createable sObjects.
class SalesforceDestination : public HttpDestination
{
public:
    SalesforceDestination(QUrl instanceUrl, QString version, QString token, QString object, QString matchField,
        DispatcherOptions options, const std::atomic_bool* cancel = nullptr, SalesforceProtocol::Refresh refresh = {},
        int bulkThreshold = defaultBulkThreshold);
    static constexpr int defaultBulkThreshold = 10000;
    static constexpr int maxBulkThreshold = 100000; // a job's CSV stays far below Salesforce's 150 MB
    int refreshes() const { return m_protocol.refreshes(); }
    QString summary() const override;
    QJsonObject apiUsage() const override;
    ~SalesforceDestination() override;

    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;

private:
    // A GET of the API, once more with a fresh token after a 401 where the connection can.
    Result<HttpCall::Answer> fetch(const QString& path);
    Result<QList<RecordOutcome>> send(const QList<OutgoingRecord>& run);
    Result<QList<RecordOutcome>> deleteByLookup(const QList<OutgoingRecord>& deletes);

    QString m_object;
    SalesforceProtocol m_protocol;
    int m_bulkThreshold;
};

} // namespace Ebb
