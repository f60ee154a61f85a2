#pragma once

#include "EmulatorServer.h"
#include "ZendeskStore.h"

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

// Zendesk Support's users API (docs/API-CONTRACTS.md) on 127.0.0.1 and a free port, on a
// thread of its own: GET /api/v2/user_fields.json, POST /api/v2/users/create_or_update_many
// (a job), GET /api/v2/job_statuses/{id}, over a ZendeskStore. Before the store: 401 for
// other credentials than `email`/token:`token` (Basic); the scripted statuses of the next
// writes (429 with Retry-After: 1 and a plain-text body, as Zendesk answers it); then a random
// server error at `errorRate`. A write may first wait (`setLatency`), as a slow server would;
// jobs take `pollsToFinish` looks. Every answer carries X-Rate-Limit and X-Rate-Limit-Remaining.
class ZendeskEmulator : public EmulatorServer
{
    Q_OBJECT

public:
    ZendeskEmulator(const QString& email, const QString& token, QObject* parent = nullptr);
    ~ZendeskEmulator() override;

    // Thread-safe settings and read-back.
    void answerNext(const QList<int>& statuses);
    void setPollsToFinish(int polls);
    void setErrorRate(double rate, quint32 seed = 1); // that share of writes answers 500/502/503
    // Writes wait `ms` before their answer: the next `requests` of them, or all (-1).
    void setLatency(int ms, int requests = -1);
    QHash<qint64, QJsonObject> users() const;
    QJsonObject findByEmail(const QString& email) const;
    // Sets a user's attributes (user_fields merged), as an agent would in Zendesk (no request counted).
    void edit(const QString& email, const QJsonObject& attributes);
    int writeRequests() const;
    int polls() const;
    QList<QJsonObject> writeBodies() const; // each create_or_update_many body that reached the account

private:
    void addRoutes(QHttpServer& server) override;
    std::optional<ZendeskStore::Answer> gate(const QHttpServerRequest& request, bool write);
    QHttpServerResponse respond(const ZendeskStore::Answer& answer);

    QByteArray m_authorization;
    mutable QRecursiveMutex m_mutex;
    ZendeskStore m_store;
    QList<int> m_script;
    double m_errorRate = 0;
    QRandomGenerator m_random;
    int m_latencyMs = 0;
    int m_slowRequests = -1; // writes still to answer slowly; -1: all
    int m_writeRequests = 0;
    int m_polls = 0;
    QList<QJsonObject> m_writeBodies;
};

} // namespace Ebb::Emulators
