#pragma once

#include "connectors/destinations/Destination.h"
#include "connectors/http/HttpCall.h"

#include <functional>

namespace Ebb {

class SalesforceProtocol;

// One Bulk API 2.0 ingest job (docs/API-CONTRACTS.md) for a large run of one operation
// (upsert by the external id field, insert, or update by Id): the records as one CSV upload,
// the job closed, its state polled until JobComplete, then its successful, failed and
// unprocessed results tied back to the records by the values they were uploaded with.
// A field a record does not send (unchanged, or a skipped NULL) is an empty cell, which
// Salesforce leaves as it is; a NULL is #N/A, which clears it. A record with no result, or
// one the job did not process, stays pending; a job that fails as a whole (a bad column) is
// an Error that stops the run with Salesforce's words. Each request goes to the run's log.
class SalesforceBulk
{
public:
    SalesforceBulk(SalesforceProtocol& protocol, RequestLog* log, std::function<bool()> cancelled);

    Result<QList<RecordOutcome>> ingest(const QList<OutgoingRecord>& records);

    // The first wait between two polls of the job's state; each next one is half again as
    // long, up to `maxPollMs`.
    static constexpr int firstPollMs = 200;
    static constexpr int maxPollMs = 5000;

private:
    // A request to …/jobs/ingest{path}, once more with a fresh token after a 401.
    Result<HttpCall::Answer> call(
        const QString& path, const QByteArray& verb, const QByteArray& body, const QByteArray& type, int records = 0);
    Result<QList<QStringList>> results(const QString& job, const char* which);

    SalesforceProtocol& m_protocol;
    RequestLog* m_log;
    std::function<bool()> m_cancelled;
};

} // namespace Ebb
