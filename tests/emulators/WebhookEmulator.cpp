#include "WebhookEmulator.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QThread>

namespace Ebb::Emulators {

WebhookEmulator::WebhookEmulator(QByteArray key, QObject* parent)
    : EmulatorServer(QStringLiteral("webhook-emulator"), parent)
    , m_key(std::move(key))
{
}

WebhookEmulator::~WebhookEmulator()
{
    stopServing();
}

void WebhookEmulator::addRoutes(QHttpServer& server)
{
    server.route(QStringLiteral("/hook"), QHttpServerRequest::Method::Post, [this](const QHttpServerRequest& request) {
        QHash<QByteArray, QByteArray> headers;
        for (const auto& [name, value] : request.headers())
            headers.insert(name.toLower(), value);
        int latency = 0;
        {
            const QMutexLocker lock(&m_mutex);
            if (m_slowRequests != 0) {
                latency = m_latencyMs;
                if (m_slowRequests > 0)
                    --m_slowRequests;
            }
        }
        if (latency > 0)
            QThread::msleep(quint64(latency));
        int status = 200;
        QByteArray answer = handle(request.body(), headers, status);
        {
            const QMutexLocker lock(&m_mutex);
            Delivery delivery{headers.value("webhook-id"), status, {}};
            const QJsonDocument document = QJsonDocument::fromJson(request.body());
            if (document.isArray()) {
                for (const QJsonValue& event : document.array())
                    delivery.events << event.toObject();
            } else if (document.isObject()) {
                delivery.events << document.object();
            }
            m_received << delivery;
        }
        QHttpServerResponse response(
            QByteArrayLiteral("application/json"), std::move(answer), QHttpServerResponse::StatusCode(status));
        if (status == 429 || status == 503)
            response.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        return response;
    });
}

QUrl WebhookEmulator::url() const
{
    return QUrl(EmulatorServer::url().toString() + QStringLiteral("/hook"));
}

QByteArray WebhookEmulator::handle(const QByteArray& body, const QHash<QByteArray, QByteArray>& headers, int& status)
{
    const QMutexLocker lock(&m_mutex);
    ++m_requests;
    if (m_gone) {
        status = 410;
        return R"({"error": "this endpoint was disabled"})";
    }
    if (!m_script.isEmpty()) {
        status = m_script.takeFirst();
        return R"({"error": "try again later"})";
    }
    if (m_errorRate > 0 && m_random.generateDouble() < m_errorRate) {
        static const int statuses[] = {500, 502, 503, 504};
        status = statuses[m_random.bounded(4)];
        return R"({"error": "internal error, emulated"})";
    }
    const QByteArray id = headers.value("webhook-id");
    const QByteArray timestamp = headers.value("webhook-timestamp");
    const QByteArray expected = "v1,"
        + QMessageAuthenticationCode::hash(id + '.' + timestamp + '.' + body, m_key, QCryptographicHash::Sha256)
              .toBase64();
    const bool fresh = qAbs(QDateTime::currentSecsSinceEpoch() - timestamp.toLongLong()) <= 300;
    // The header may carry several signatures, separated by spaces; one match is enough.
    if (id.isEmpty() || !fresh || !headers.value("webhook-signature").split(' ').contains(expected)) {
        ++m_badSignatures;
        status = 401;
        return R"({"error": "bad signature"})";
    }
    if (m_taken.contains(id)) {
        ++m_duplicates;
        return R"({"ok": true, "duplicate": true})";
    }
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isNull()) {
        status = 400;
        return R"({"error": "not JSON"})";
    }
    m_taken.insert(id, true);
    if (document.isArray()) {
        for (const QJsonValue& event : document.array())
            m_events << event.toObject();
    } else {
        m_events << document.object();
    }
    return R"({"ok": true})";
}

QList<QJsonObject> WebhookEmulator::events() const
{
    const QMutexLocker lock(&m_mutex);
    return m_events;
}

int WebhookEmulator::requests() const
{
    const QMutexLocker lock(&m_mutex);
    return m_requests;
}

int WebhookEmulator::badSignatures() const
{
    const QMutexLocker lock(&m_mutex);
    return m_badSignatures;
}

int WebhookEmulator::duplicates() const
{
    const QMutexLocker lock(&m_mutex);
    return m_duplicates;
}

void WebhookEmulator::answerNext(const QList<int>& statuses)
{
    const QMutexLocker lock(&m_mutex);
    m_script = statuses;
}

void WebhookEmulator::setErrorRate(double rate, quint32 seed)
{
    const QMutexLocker lock(&m_mutex);
    m_errorRate = rate;
    m_random.seed(seed);
}

void WebhookEmulator::setLatency(int ms, int requests)
{
    const QMutexLocker lock(&m_mutex);
    m_latencyMs = ms;
    m_slowRequests = requests;
}

QList<WebhookEmulator::Delivery> WebhookEmulator::received() const
{
    const QMutexLocker lock(&m_mutex);
    return m_received;
}

void WebhookEmulator::setGone(bool gone)
{
    const QMutexLocker lock(&m_mutex);
    m_gone = gone;
}

} // namespace Ebb::Emulators
