#pragma once

#include "EmulatorServer.h"
#include "SalesforceBulkJobs.h"
#include "SalesforceStore.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QRandomGenerator>
#include <QThread>
#include <QUrl>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace Ebb::Emulators {

// Salesforce's REST API (docs/API-CONTRACTS.md) on 127.0.0.1 and a free port, on a thread of
// its own, under /services/data/v59.0: GET sobjects, GET sobjects/{name}/describe, POST,
// PATCH and DELETE composite/sobjects, PATCH composite/sobjects/{name}/{external id field},
// GET query (the lookup by an external id), and Bulk API 2.0 jobs/ingest (SalesforceBulkJobs),
// over a SalesforceStore. Before the store: 401 INVALID_SESSION_ID for another Bearer token; 403
// REQUEST_LIMIT_EXCEEDED once the day's `allowance` of requests is used; then the scripted
// statuses; then a random server error at `errorRate` (500 UNKNOWN_EXCEPTION or 503
// SERVER_UNAVAILABLE). Writes may be answered late (setLatency), as a hanging server would.
// Every answer carries Sforce-Limit-Info: api-usage=used/allowed.
class SalesforceEmulator : public EmulatorServer
{
    Q_OBJECT

public:
    explicit SalesforceEmulator(QByteArray token, QObject* parent = nullptr);
    ~SalesforceEmulator() override;

    void setAllowance(int requests);
    // POST /services/oauth2/token with grant_type=refresh_token and these gives a new access
    // token (the one accepted from then on); expireToken() makes the current one fail (401).
    void setRefresh(const QString& refreshToken, const QString& clientId, const QString& clientSecret);
    void expireToken();
    void expireTokenAfter(int writes); // the token in use expires when that many writes came
    int refreshes() const;
    void answerNext(const QList<int>& statuses); // for the next writes: 403 (limit), 500, 503 …
    void setErrorRate(double rate, quint32 seed = 1); // that share of writes answers 500 or 503
    // Write answers wait `ms` (the write is made after the wait): for the next `requests`
    // writes, or all (-1).
    void setLatency(int ms, int requests = -1);
    QHash<QString, QJsonObject> records(const QString& object) const;
    void removeRecord(const QString& id); // as if someone deleted it in Salesforce
    // Sets fields of a record as someone in Salesforce would (no request counted); false when
    // Salesforce would refuse it.
    bool edit(const QString& object, const QString& id, const QJsonObject& fields);
    QJsonObject find(const QString& object, const QString& field, const QJsonValue& value) const;
    void setBulkPolls(int polls); // a bulk job is InProgress for that many polls (default 1)
    int bulkJobs() const; // bulk jobs opened
    int queries() const; // GET …/query requests
    int writeRequests() const;
    QList<QJsonObject> writeBodies() const;

private:
    void addRoutes(QHttpServer& server) override;
    std::optional<SalesforceStore::Answer> gate(const QHttpServerRequest& request, bool write);
    QHttpServerResponse respond(
        const SalesforceStore::Answer& answer, const QByteArray& type = QByteArrayLiteral("application/json"));

    QByteArray m_token;
    mutable QRecursiveMutex m_mutex;
    SalesforceStore m_store;
    SalesforceBulkJobs m_bulk;
    int m_queries = 0;
    int m_allowance = 1000000;
    int m_used = 0;
    int m_writeRequests = 0;
    QList<int> m_script;
    double m_errorRate = 0;
    QRandomGenerator m_random;
    int m_latencyMs = 0;
    int m_slowRequests = -1; // writes still to answer slowly; -1: all
    QList<QJsonObject> m_writeBodies;
    QString m_refreshToken, m_clientId, m_clientSecret;
    int m_refreshes = 0;
    int m_expireAfter = 0;
};

} // namespace Ebb::Emulators
