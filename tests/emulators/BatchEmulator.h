#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;

namespace Ebb::Emulators {

// A batch write endpoint shaped like HubSpot's batch upsert (docs/API-CONTRACTS.md) on
// 127.0.0.1 and a free port: POST /batch {"inputs":[{"id":…,"properties":{…}}]}.
// Answers, in order of precedence:
//   401 when a token is set and the request's Bearer token differs;
//   429 (Retry-After as set) for the first K requests, then 500 for the next M;
//   400 VALIDATION_ERROR for more inputs than the maximum (100), or for the whole batch when
//   an input's id is "bad";
//   207 with an error per input whose id starts with "reject-", 200 when all are fine.
// A delay holds answers back without blocking the thread, so requests overlap as they would
// against a real server, and the emulator can count how many were in flight at once.
class BatchEmulator : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit BatchEmulator(QObject* parent = nullptr);
    ~BatchEmulator() override;

    bool listen();
    QUrl url(const QString& path = QStringLiteral("/batch")) const;

    void setToken(QByteArray token) { m_token = std::move(token); }
    // 429 for the first `requests` requests; an empty retryAfter sends no Retry-After header.
    void setRateLimited(int requests, QByteArray retryAfter = QByteArrayLiteral("1"));
    // 500 for the `requests` after the rate-limited ones; -1: for ever.
    void setServerErrors(int requests) { m_serverErrors = requests; }
    // Answers wait `ms`; for the first `requests` only, or all when -1.
    void setDelay(int ms, int requests = -1);
    void setMaxInputs(int inputs) { m_maxInputs = inputs; }
    // Sent with every answer (rate-limit headers, say).
    void setResponseHeaders(Headers headers) { m_extraHeaders = std::move(headers); }
    // Called as each request arrives with its number (1-based), before it is answered.
    void setOnRequest(std::function<void(int)> hook) { m_onRequest = std::move(hook); }

    int requestCount() const { return m_requests; }
    int maxConcurrent() const { return m_maxConcurrent; }
    QList<qint64> requestTimesMs() const { return m_times; } // since listen()
    QList<QStringList> requestIds() const { return m_ids; } // the input ids of each request
    QStringList seenIds() const;
    QList<QByteArray> authorizations() const { return m_authorizations; }

private:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        Headers headers;
    };

    void handle(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    Answer answer(const QHttpServerRequest& request);
    Answer batchAnswer(const QByteArray& body);
    void respond(QHttpServerResponder& responder, const Answer& answer);

    QHttpServer m_server;
    quint16 m_port = 0;
    QElapsedTimer m_clock;
    QByteArray m_token;
    int m_rateLimited = 0;
    QByteArray m_retryAfter;
    int m_serverErrors = 0;
    int m_delayMs = 0;
    int m_delayedRequests = -1;
    int m_maxInputs = 100;
    Headers m_extraHeaders;
    std::function<void(int)> m_onRequest;

    int m_requests = 0;
    int m_current = 0;
    int m_maxConcurrent = 0;
    QList<qint64> m_times;
    QList<QStringList> m_ids;
    QList<QByteArray> m_authorizations;
};

} // namespace Ebb::Emulators
