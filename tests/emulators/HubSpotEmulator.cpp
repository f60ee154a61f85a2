#include "HubSpotEmulator.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>

namespace Ebb::Emulators {

HubSpotEmulator::HubSpotEmulator(QByteArray token, QObject* parent)
    : EmulatorServer(QStringLiteral("hubspot-emulator"), parent)
    , m_token(std::move(token))
{
    m_clock.start();
}

HubSpotEmulator::~HubSpotEmulator()
{
    stopServing();
}

void HubSpotEmulator::addRoutes(QHttpServer& server)
{
    server.route(QStringLiteral("/crm/v3/properties/<arg>"), QHttpServerRequest::Method::Get,
        [this](const QString& object, const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            if (!m_store.hasObject(object))
                return respond(HubSpotStore::unknownObject(object));
            return respond({200, m_store.propertiesJson(object)});
        });
    server.route(
        QStringLiteral("/crm/v3/schemas"), QHttpServerRequest::Method::Get, [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond({200, m_store.schemasJson()});
        });
    server.route(QStringLiteral("/crm/v3/objects/<arg>/batch/<arg>"), QHttpServerRequest::Method::Post,
        [this](const QString& object, const QString& operation, const QHttpServerRequest& request) {
            if (auto refused = gate(request, true))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            m_writeBodies << QJsonDocument::fromJson(request.body()).object();
            if (!m_store.hasObject(object))
                return respond(HubSpotStore::unknownObject(object));
            static const QStringList operations{QStringLiteral("create"), QStringLiteral("update"),
                QStringLiteral("upsert"), QStringLiteral("archive"), QStringLiteral("read")};
            if (!operations.contains(operation))
                return respond({404, R"({"status":"error","message":"Not found","category":"NOT_FOUND"})"});
            return respond(m_store.batch(object, operation, request.body()));
        });
}

std::optional<HubSpotStore::Answer> HubSpotEmulator::gate(const QHttpServerRequest& request, bool write)
{
    int latency = 0;
    std::optional<HubSpotStore::Answer> refusal;
    {
        const QMutexLocker lock(&m_mutex);
        ++m_requests;
        if (write)
            ++m_writeRequests;
        if (m_slowRequests != 0 && write) {
            latency = m_latencyMs;
            if (m_slowRequests > 0)
                --m_slowRequests;
        }
        const QByteArray authorization = header(request, "Authorization");
        const qint64 now = m_clock.elapsed();
        while (!m_window.empty() && m_window.front() <= now - m_intervalMs)
            m_window.pop_front();
        if (authorization != "Bearer " + m_token) {
            refusal = HubSpotStore::Answer{401,
                R"({"status":"error","message":"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview","correlationId":"emulated","category":"INVALID_AUTHENTICATION"})"};
        } else if (m_dailyUsed >= m_dailyMax) {
            ++m_rateLimited;
            refusal = HubSpotStore::Answer{429,
                R"({"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"emulated","policyName":"DAILY","groupName":"emulated"})"};
        } else if (m_windowMax > 0 && int(m_window.size()) >= m_windowMax) {
            ++m_rateLimited;
            refusal = HubSpotStore::Answer{429,
                R"({"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"emulated","policyName":"TEN_SECONDLY_ROLLING","groupName":"emulated"})"};
        } else {
            m_window.push_back(now);
            ++m_dailyUsed;
            if (write && !m_script.isEmpty()) {
                const int status = m_script.takeFirst();
                refusal = HubSpotStore::Answer{status,
                    status == 429 ? QByteArray(
                        R"({"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"})")
                                  : QStringLiteral(R"({"status":"error","message":"emulated %1","category":"%2"})")
                                        .arg(status)
                                        .arg(
                                            status == 423 ? QStringLiteral("LOCKED") : QStringLiteral("INTERNAL_ERROR"))
                                        .toUtf8()};
                if (status == 429)
                    ++m_rateLimited;
            } else if (write && m_errorRate > 0 && m_random.generateDouble() < m_errorRate) {
                static const int statuses[] = {500, 502, 503};
                refusal = HubSpotStore::Answer{statuses[m_random.bounded(3)],
                    R"({"status":"error","message":"internal error, emulated","category":"INTERNAL_ERROR"})"};
            }
        }
    }
    if (latency > 0)
        QThread::msleep(quint64(latency));
    return refusal;
}

QHttpServerResponse HubSpotEmulator::respond(const HubSpotStore::Answer& answer)
{
    QHttpServerResponse response(answer.status == 204 ? QByteArray() : QByteArrayLiteral("application/json"),
        answer.body, QHttpServerResponse::StatusCode(answer.status));
    const QMutexLocker lock(&m_mutex);
    const int remaining = m_windowMax > 0 ? std::max(0, m_windowMax - int(m_window.size())) : 1000;
    response.setHeader(
        QByteArrayLiteral("X-HubSpot-RateLimit-Interval-Milliseconds"), QByteArray::number(m_intervalMs));
    response.setHeader(
        QByteArrayLiteral("X-HubSpot-RateLimit-Max"), QByteArray::number(m_windowMax > 0 ? m_windowMax : 1000));
    response.setHeader(QByteArrayLiteral("X-HubSpot-RateLimit-Remaining"), QByteArray::number(remaining));
    response.setHeader(QByteArrayLiteral("X-HubSpot-RateLimit-Daily"), QByteArray::number(m_dailyMax));
    response.setHeader(QByteArrayLiteral("X-HubSpot-RateLimit-Daily-Remaining"),
        QByteArray::number(std::max(0, m_dailyMax - m_dailyUsed)));
    return response;
}

void HubSpotEmulator::setRateLimit(int requests, int intervalMs, int daily)
{
    const QMutexLocker lock(&m_mutex);
    m_windowMax = requests;
    m_intervalMs = intervalMs;
    m_dailyMax = daily;
}

void HubSpotEmulator::answerNext(const QList<int>& statuses)
{
    const QMutexLocker lock(&m_mutex);
    m_script = statuses;
}

void HubSpotEmulator::setErrorRate(double rate, quint32 seed)
{
    const QMutexLocker lock(&m_mutex);
    m_errorRate = rate;
    m_random.seed(seed);
}

void HubSpotEmulator::setLatency(int ms, int requests)
{
    const QMutexLocker lock(&m_mutex);
    m_latencyMs = ms;
    m_slowRequests = requests;
}

void HubSpotEmulator::defineObject(const QString& object, const QJsonArray& properties, bool custom)
{
    const QMutexLocker lock(&m_mutex);
    m_store.defineObject(object, properties, custom);
}

QHash<QString, QJsonObject> HubSpotEmulator::records(const QString& object) const
{
    const QMutexLocker lock(&m_mutex);
    return m_store.records(object);
}

void HubSpotEmulator::archive(const QString& object, const QString& id)
{
    const QMutexLocker lock(&m_mutex);
    m_store.batch(object, QStringLiteral("archive"),
        QJsonDocument(QJsonObject{{QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), id}}}}})
            .toJson());
}

void HubSpotEmulator::edit(const QString& object, const QString& id, const QJsonObject& properties)
{
    const QMutexLocker lock(&m_mutex);
    m_store.batch(object, QStringLiteral("update"),
        QJsonDocument(
            QJsonObject{{QStringLiteral("inputs"),
                QJsonArray{QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("properties"), properties}}}}})
            .toJson());
}

QJsonObject HubSpotEmulator::find(const QString& object, const QString& property, const QString& value) const
{
    const QMutexLocker lock(&m_mutex);
    return m_store.find(object, property, value);
}

int HubSpotEmulator::requests() const
{
    const QMutexLocker lock(&m_mutex);
    return m_requests;
}

int HubSpotEmulator::writeRequests() const
{
    const QMutexLocker lock(&m_mutex);
    return m_writeRequests;
}

int HubSpotEmulator::rateLimited() const
{
    const QMutexLocker lock(&m_mutex);
    return m_rateLimited;
}

QList<QJsonObject> HubSpotEmulator::writeBodies() const
{
    const QMutexLocker lock(&m_mutex);
    return m_writeBodies;
}

} // namespace Ebb::Emulators
