#include "SalesforceEmulator.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace Ebb::Emulators {

namespace {

const QString base = QStringLiteral("/services/data/v59.0");

QByteArray errors(const QString& code, const QString& message)
{
    return QJsonDocument(
        QJsonArray{QJsonObject{{QStringLiteral("message"), message}, {QStringLiteral("errorCode"), code}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

SalesforceEmulator::SalesforceEmulator(QByteArray token, QObject* parent)
    : EmulatorServer(QStringLiteral("salesforce-emulator"), parent)
    , m_token(std::move(token))
    , m_bulk(m_store)
{
}

SalesforceEmulator::~SalesforceEmulator()
{
    stopServing();
}

void SalesforceEmulator::addRoutes(QHttpServer& server)
{
    server.route(QStringLiteral("/services/oauth2/token"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request) {
            const QMutexLocker lock(&m_mutex);
            const QUrlQuery form(QString::fromUtf8(request.body()));
            const bool granted = form.queryItemValue(QStringLiteral("grant_type")) == QLatin1String("refresh_token")
                && !m_refreshToken.isEmpty()
                && form.queryItemValue(QStringLiteral("refresh_token"), QUrl::FullyDecoded) == m_refreshToken
                && form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded) == m_clientId
                && form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded) == m_clientSecret;
            if (!granted)
                return QHttpServerResponse(QByteArrayLiteral("application/json"),
                    QByteArrayLiteral(
                        R"({"error":"invalid_grant","error_description":"expired access/refresh token"})"),
                    QHttpServerResponse::StatusCode::BadRequest);
            ++m_refreshes;
            m_token = QStringLiteral("00Dfresh%1").arg(m_refreshes).toUtf8();
            return QHttpServerResponse(QByteArrayLiteral("application/json"),
                QJsonDocument(QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(m_token)},
                                  {QStringLiteral("instance_url"), url().toString()},
                                  {QStringLiteral("token_type"), QStringLiteral("Bearer")}})
                    .toJson(QJsonDocument::Compact),
                QHttpServerResponse::StatusCode::Ok);
        });
    server.route(
        base + QStringLiteral("/sobjects"), QHttpServerRequest::Method::Get, [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond({200, m_store.sobjects()});
        });
    server.route(base + QStringLiteral("/sobjects/<arg>/describe"), QHttpServerRequest::Method::Get,
        [this](const QString& object, const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            const QByteArray describe = m_store.describe(object);
            if (describe.isEmpty())
                return respond({404,
                    errors(QStringLiteral("NOT_FOUND"), QStringLiteral("The requested resource does not exist"))});
            return respond({200, describe});
        });
    const auto collection = [this](
                                const QString& object, const QString& externalId, const QHttpServerRequest& request) {
        if (auto refused = gate(request, true))
            return respond(*refused);
        const QMutexLocker lock(&m_mutex);
        m_writeBodies << QJsonDocument::fromJson(request.body()).object();
        const QByteArray method = request.method() == QHttpServerRequest::Method::Post ? QByteArrayLiteral("POST")
                                                                                       : QByteArrayLiteral("PATCH");
        return respond(m_store.write(object, method, externalId, request.body()));
    };
    server.route(base + QStringLiteral("/composite/sobjects"), QHttpServerRequest::Method::Delete,
        [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, true))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            const QUrlQuery query(request.url());
            const QString ids = query.queryItemValue(QStringLiteral("ids"), QUrl::FullyDecoded);
            return respond(m_store.remove(ids.split(QLatin1Char(','), Qt::SkipEmptyParts)));
        });
    server.route(
        base + QStringLiteral("/query"), QHttpServerRequest::Method::Get, [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            ++m_queries;
            return respond(
                m_store.query(QUrlQuery(request.url()).queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded)));
        });
    // Bulk API 2.0 ingest jobs; each request counts as one of the day's allowance, as the
    // REST ones do (a write, for the scripted faults).
    server.route(base + QStringLiteral("/jobs/ingest/<arg>/batches"), QHttpServerRequest::Method::Put,
        [this](const QString& job, const QHttpServerRequest& request) {
            if (auto refused = gate(request, true))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond(m_bulk.upload(job, request.body()));
        });
    server.route(base + QStringLiteral("/jobs/ingest/<arg>/<arg>"), QHttpServerRequest::Method::Get,
        [this](const QString& job, const QString& which, const QHttpServerRequest& request) {
            if (auto refused = gate(request, false))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond(m_bulk.results(job, which), "text/csv");
        });
    server.route(base + QStringLiteral("/jobs/ingest/<arg>"),
        QHttpServerRequest::Method::Get | QHttpServerRequest::Method::Patch,
        [this](const QString& job, const QHttpServerRequest& request) {
            const bool patch = request.method() == QHttpServerRequest::Method::Patch;
            if (auto refused = gate(request, patch))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond(patch ? m_bulk.setState(job, request.body()) : m_bulk.info(job));
        });
    server.route(base + QStringLiteral("/jobs/ingest"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request) {
            if (auto refused = gate(request, true))
                return respond(*refused);
            const QMutexLocker lock(&m_mutex);
            return respond(m_bulk.open(request.body()));
        });
    server.route(base + QStringLiteral("/composite/sobjects"),
        QHttpServerRequest::Method::Post | QHttpServerRequest::Method::Patch,
        [collection](const QHttpServerRequest& request) { return collection({}, {}, request); });
    server.route(base + QStringLiteral("/composite/sobjects/<arg>/<arg>"), QHttpServerRequest::Method::Patch,
        [collection](const QString& object, const QString& externalId, const QHttpServerRequest& request) {
            return collection(object, externalId, request);
        });
}

std::optional<SalesforceStore::Answer> SalesforceEmulator::gate(const QHttpServerRequest& request, bool write)
{
    int latency = 0;
    std::optional<SalesforceStore::Answer> refusal;
    {
        const QMutexLocker lock(&m_mutex);
        if (write && m_slowRequests != 0) {
            latency = m_latencyMs;
            if (m_slowRequests > 0)
                --m_slowRequests;
        }
        if (write && m_expireAfter > 0 && m_writeRequests >= m_expireAfter) {
            m_expireAfter = 0;
            m_token = QByteArrayLiteral("expired-") + m_token;
        }
        const QByteArray authorization = header(request, "Authorization");
        if (authorization != "Bearer " + m_token) {
            refusal = SalesforceStore::Answer{
                401, errors(QStringLiteral("INVALID_SESSION_ID"), QStringLiteral("Session expired or invalid"))};
        } else if (m_used >= m_allowance) {
            refusal = SalesforceStore::Answer{
                403, errors(QStringLiteral("REQUEST_LIMIT_EXCEEDED"), QStringLiteral("TotalRequests Limit exceeded."))};
        } else {
            ++m_used;
            if (write) {
                ++m_writeRequests;
                if (!m_script.isEmpty()) {
                    const int status = m_script.takeFirst();
                    refusal = SalesforceStore::Answer{status,
                        status == 403
                            ? errors(QStringLiteral("REQUEST_LIMIT_EXCEEDED"),
                                QStringLiteral("TotalRequests Limit exceeded."))
                            : errors(QStringLiteral("SERVER_UNAVAILABLE"), QStringLiteral("emulated %1").arg(status))};
                } else if (m_errorRate > 0 && m_random.generateDouble() < m_errorRate) {
                    refusal = m_random.bounded(2) == 0
                        ? SalesforceStore::Answer{500,
                            errors(QStringLiteral("UNKNOWN_EXCEPTION"),
                                QStringLiteral("An unexpected error occurred. Please include this ErrorId if you "
                                               "contact support: emulated"))}
                        : SalesforceStore::Answer{
                            503, errors(QStringLiteral("SERVER_UNAVAILABLE"), QStringLiteral("Server unavailable"))};
                }
            }
        }
    }
    if (latency > 0)
        QThread::msleep(quint64(latency));
    return refusal;
}

QHttpServerResponse SalesforceEmulator::respond(const SalesforceStore::Answer& answer, const QByteArray& type)
{
    const QMutexLocker lock(&m_mutex);
    QHttpServerResponse response(answer.status >= 300 ? QByteArrayLiteral("application/json") : type, answer.body,
        QHttpServerResponse::StatusCode(answer.status));
    response.setHeader(QByteArrayLiteral("Sforce-Limit-Info"),
        QStringLiteral("api-usage=%1/%2").arg(m_used).arg(m_allowance).toLatin1());
    return response;
}

void SalesforceEmulator::setRefresh(const QString& refreshToken, const QString& clientId, const QString& clientSecret)
{
    const QMutexLocker lock(&m_mutex);
    m_refreshToken = refreshToken;
    m_clientId = clientId;
    m_clientSecret = clientSecret;
}

void SalesforceEmulator::expireToken()
{
    const QMutexLocker lock(&m_mutex);
    m_token = QByteArrayLiteral("expired-") + m_token;
}

void SalesforceEmulator::expireTokenAfter(int writes)
{
    const QMutexLocker lock(&m_mutex);
    m_expireAfter = writes;
}

int SalesforceEmulator::refreshes() const
{
    const QMutexLocker lock(&m_mutex);
    return m_refreshes;
}

void SalesforceEmulator::setAllowance(int requests)
{
    const QMutexLocker lock(&m_mutex);
    m_allowance = requests;
}

void SalesforceEmulator::answerNext(const QList<int>& statuses)
{
    const QMutexLocker lock(&m_mutex);
    m_script = statuses;
}

void SalesforceEmulator::setErrorRate(double rate, quint32 seed)
{
    const QMutexLocker lock(&m_mutex);
    m_errorRate = rate;
    m_random.seed(seed);
}

void SalesforceEmulator::setLatency(int ms, int requests)
{
    const QMutexLocker lock(&m_mutex);
    m_latencyMs = ms;
    m_slowRequests = requests;
}

QHash<QString, QJsonObject> SalesforceEmulator::records(const QString& object) const
{
    const QMutexLocker lock(&m_mutex);
    return m_store.records(object);
}

QJsonObject SalesforceEmulator::find(const QString& object, const QString& field, const QJsonValue& value) const
{
    const QMutexLocker lock(&m_mutex);
    return m_store.find(object, field, value);
}

int SalesforceEmulator::writeRequests() const
{
    const QMutexLocker lock(&m_mutex);
    return m_writeRequests;
}

QList<QJsonObject> SalesforceEmulator::writeBodies() const
{
    const QMutexLocker lock(&m_mutex);
    return m_writeBodies;
}

void SalesforceEmulator::setBulkPolls(int polls)
{
    const QMutexLocker lock(&m_mutex);
    m_bulk.setPollsBeforeDone(polls);
}

int SalesforceEmulator::bulkJobs() const
{
    const QMutexLocker lock(&m_mutex);
    return m_bulk.jobsOpened();
}

int SalesforceEmulator::queries() const
{
    const QMutexLocker lock(&m_mutex);
    return m_queries;
}

void SalesforceEmulator::removeRecord(const QString& id)
{
    const QMutexLocker lock(&m_mutex);
    m_store.removeRecord(id);
}

bool SalesforceEmulator::edit(const QString& object, const QString& id, const QJsonObject& fields)
{
    const QMutexLocker lock(&m_mutex);
    QJsonObject record = fields;
    record.insert(QStringLiteral("Id"), id);
    return m_store.writeRecord(object, "PATCH", {}, record).value(QStringLiteral("success")).toBool();
}

} // namespace Ebb::Emulators
