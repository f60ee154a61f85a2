#pragma once

#include "EmulatorServer.h"
#include "HubSpotStore.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QRandomGenerator>
#include <QThread>
#include <QUrl>
#include <deque>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace Ebb::Emulators {

// HubSpot's CRM v3 API (docs/API-CONTRACTS.md) on 127.0.0.1 and a free port, on a thread of
// its own: GET /crm/v3/properties/{object}, GET /crm/v3/schemas, POST
// /crm/v3/objects/{object}/batch/{create,update,upsert,archive} over a HubSpotStore. Before
// the store, in order: 401 for a Bearer token other than the one set; 429 when the rolling
// window (`requests` per `intervalMs`) or the day's allowance is used up, with HubSpot's body
// (policyName TEN_SECONDLY_ROLLING or DAILY) and headers; then the scripted statuses; then a
// random server error at `errorRate`. Every answer carries X-HubSpot-RateLimit-* headers.
class HubSpotEmulator : public EmulatorServer
{
    Q_OBJECT

public:
    explicit HubSpotEmulator(QByteArray token, QObject* parent = nullptr);
    ~HubSpotEmulator() override;

    // Thread-safe settings and read-back.
    void setRateLimit(int requests, int intervalMs, int daily = 1000000);
    void answerNext(const QList<int>& statuses); // for the next writes: 423, 429, 500, 502, 503 …
    void setErrorRate(double rate, quint32 seed = 1); // that share of writes answers 500/502/503
    // Answers wait `ms`: for the next `requests` writes, or all (-1).
    void setLatency(int ms, int requests = -1);
    void defineObject(const QString& object, const QJsonArray& properties, bool custom = true);
    QHash<QString, QJsonObject> records(const QString& object) const;
    // Archives a record, or sets its properties, as someone in HubSpot would (no request counted).
    void archive(const QString& object, const QString& id);
    void edit(const QString& object, const QString& id, const QJsonObject& properties);
    QJsonObject find(const QString& object, const QString& property, const QString& value) const;
    int requests() const; // every request, answered however
    int writeRequests() const;
    int rateLimited() const; // 429s answered
    QList<QJsonObject> writeBodies() const; // each batch request's body, in arrival order

private:
    void addRoutes(QHttpServer& server) override;
    // Auth, rate limit and faults; nullopt lets the request through.
    std::optional<HubSpotStore::Answer> gate(const QHttpServerRequest& request, bool write);
    QHttpServerResponse respond(const HubSpotStore::Answer& answer);

    QByteArray m_token;
    mutable QRecursiveMutex m_mutex; // respond() takes it inside the handlers' hold
    HubSpotStore m_store;
    QElapsedTimer m_clock;
    std::deque<qint64> m_window; // times of the requests in the rolling window
    int m_windowMax = 0; // 0: no limit
    int m_intervalMs = 10000;
    int m_dailyMax = 1000000;
    int m_dailyUsed = 0;
    QList<int> m_script;
    double m_errorRate = 0;
    QRandomGenerator m_random;
    int m_latencyMs = 0;
    int m_slowRequests = -1; // writes still to answer slowly; -1: all
    int m_requests = 0;
    int m_writeRequests = 0;
    int m_rateLimited = 0;
    QList<QJsonObject> m_writeBodies;
};

} // namespace Ebb::Emulators
