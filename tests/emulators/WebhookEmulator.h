#pragma once

#include "EmulatorServer.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QRandomGenerator>
#include <QUrl>

class QHttpServer;

namespace Ebb::Emulators {

// A Standard Webhooks receiver (docs/API-CONTRACTS.md, "Webhook") on 127.0.0.1 and a free
// port, on a thread of its own (the engine under test may block the thread that made it).
// POST /hook with a JSON event or an array of them. It checks the signature with its secret
// (webhook-id, webhook-timestamp within 5 minutes, webhook-signature "v1,…") and answers 401
// when it does not match; it keeps each event once per webhook-id (a retry of a message it
// took is acknowledged, not stored twice). Faults, in order: a wait before the answer
// (`setLatency`, as a slow receiver); `gone` answers 410 to all; then a script of statuses for
// the next requests (429 and 503 with Retry-After: 1); then a random server error at
// `errorRate` (500, 502, 503, 504). Every request read is in `received()`, answered however.
class WebhookEmulator : public EmulatorServer
{
    Q_OBJECT

public:
    explicit WebhookEmulator(QByteArray key, QObject* parent = nullptr);
    ~WebhookEmulator() override;

    QUrl url() const; // the receiver's: http://127.0.0.1:N/hook

    // What it keeps and saw; thread-safe.
    QList<QJsonObject> events() const; // in arrival order, each message once
    int requests() const;
    int badSignatures() const;
    int duplicates() const; // messages received again after they were taken
    void answerNext(const QList<int>& statuses);
    void setGone(bool gone);
    void setErrorRate(double rate, quint32 seed = 1); // that share of requests answers 500/502/503/504
    // Requests wait `ms` before they are handled: the next `requests` of them, or all (-1).
    void setLatency(int ms, int requests = -1);

    // One request as the receiver read it (a dropped connection is never read).
    struct Delivery
    {
        QByteArray id; // webhook-id
        int status = 0; // what it answered
        QList<QJsonObject> events; // the body's events, whether taken or not
    };
    QList<Delivery> received() const; // in arrival order

private:
    void addRoutes(QHttpServer& server) override;
    QByteArray handle(const QByteArray& body, const QHash<QByteArray, QByteArray>& headers, int& status);

    QByteArray m_key;
    mutable QMutex m_mutex;
    QList<QJsonObject> m_events;
    QHash<QByteArray, bool> m_taken; // webhook-ids
    QList<int> m_script;
    QList<Delivery> m_received;
    double m_errorRate = 0;
    QRandomGenerator m_random;
    int m_latencyMs = 0;
    int m_slowRequests = -1; // requests still to answer slowly; -1: all
    bool m_gone = false;
    int m_requests = 0;
    int m_badSignatures = 0;
    int m_duplicates = 0;
};

} // namespace Ebb::Emulators
