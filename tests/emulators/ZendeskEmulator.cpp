#include "ZendeskEmulator.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>

namespace Ebb::Emulators {

ZendeskEmulator::ZendeskEmulator(const QString& email, const QString& token, QObject* parent)
    : EmulatorServer(QStringLiteral("zendesk-emulator"), parent)
    , m_authorization("Basic " + QStringLiteral("%1/token:%2").arg(email, token).toUtf8().toBase64())
{
}

ZendeskEmulator::~ZendeskEmulator()
{
    stopServing();
}

void ZendeskEmulator::addRoutes(QHttpServer& server)
{
    server.route(QStringLiteral("/api/v2/user_fields.json"), QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond({200, m_store.userFields()});
        });
    server.route(QStringLiteral("/api/v2/users/create_or_update_many"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, true))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            m_writeBodies << QJsonDocument::fromJson(request.body()).object();
            return respond(m_store.createOrUpdateMany(request.body(), url().toString()));
        });
    server.route(QStringLiteral("/api/v2/job_statuses/<arg>"), QHttpServerRequest::Method::Get,
        [this](const QString& id, const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            ++m_polls;
            return respond(m_store.jobStatus(id));
        });
}

std::optional<ZendeskStore::Answer> ZendeskEmulator::gate(const QHttpServerRequest& request, bool write)
{
    int latency = 0;
    std::optional<ZendeskStore::Answer> refusal;
    {
        const QMutexLocker lock(&m_mutex);
        const QByteArray authorization = header(request, "Authorization");
        if (authorization != m_authorization)
            return ZendeskStore::Answer{401, R"({"error":"Couldn't authenticate you"})"};
        if (!write)
            return std::nullopt;
        ++m_writeRequests;
        if (m_slowRequests != 0) {
            latency = m_latencyMs;
            if (m_slowRequests > 0)
                --m_slowRequests;
        }
        if (!m_script.isEmpty()) {
            const int status = m_script.takeFirst();
            refusal = ZendeskStore::Answer{
                status, status == 429 ? QByteArray("Rate limit exceeded") : QByteArray(R"({"error":"ServerError"})")};
        } else if (m_errorRate > 0 && m_random.generateDouble() < m_errorRate) {
            static const int statuses[] = {500, 502, 503};
            refusal = ZendeskStore::Answer{statuses[m_random.bounded(3)],
                R"({"error":"InternalServerError","description":"emulated server error"})"};
        }
    }
    if (latency > 0)
        QThread::msleep(quint64(latency));
    return refusal;
}

QHttpServerResponse ZendeskEmulator::respond(const ZendeskStore::Answer& answer)
{
    const bool limited = answer.status == 429;
    QHttpServerResponse response(limited ? QByteArrayLiteral("text/plain") : QByteArrayLiteral("application/json"),
        answer.body, QHttpServerResponse::StatusCode(answer.status));
    response.setHeader(QByteArrayLiteral("X-Rate-Limit"), QByteArrayLiteral("700"));
    response.setHeader(
        QByteArrayLiteral("X-Rate-Limit-Remaining"), limited ? QByteArrayLiteral("0") : QByteArrayLiteral("650"));
    if (limited)
        response.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    return response;
}

void ZendeskEmulator::answerNext(const QList<int>& statuses)
{
    const QMutexLocker lock(&m_mutex);
    m_script = statuses;
}

void ZendeskEmulator::setErrorRate(double rate, quint32 seed)
{
    const QMutexLocker lock(&m_mutex);
    m_errorRate = rate;
    m_random.seed(seed);
}

void ZendeskEmulator::setLatency(int ms, int requests)
{
    const QMutexLocker lock(&m_mutex);
    m_latencyMs = ms;
    m_slowRequests = requests;
}

void ZendeskEmulator::setPollsToFinish(int polls)
{
    const QMutexLocker lock(&m_mutex);
    m_store.setPollsToFinish(polls);
}

QHash<qint64, QJsonObject> ZendeskEmulator::users() const
{
    const QMutexLocker lock(&m_mutex);
    return m_store.users();
}

QJsonObject ZendeskEmulator::findByEmail(const QString& email) const
{
    const QMutexLocker lock(&m_mutex);
    return m_store.findByEmail(email);
}

void ZendeskEmulator::edit(const QString& email, const QJsonObject& attributes)
{
    const QMutexLocker lock(&m_mutex);
    m_store.edit(email, attributes);
}

int ZendeskEmulator::writeRequests() const
{
    const QMutexLocker lock(&m_mutex);
    return m_writeRequests;
}

int ZendeskEmulator::polls() const
{
    const QMutexLocker lock(&m_mutex);
    return m_polls;
}

QList<QJsonObject> ZendeskEmulator::writeBodies() const
{
    const QMutexLocker lock(&m_mutex);
    return m_writeBodies;
}

} // namespace Ebb::Emulators
