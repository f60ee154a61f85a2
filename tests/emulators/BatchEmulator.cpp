#include "BatchEmulator.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace Ebb::Emulators {

namespace {

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject error(const QString& category, const QString& message)
{
    return {{QStringLiteral("status"), QStringLiteral("error")}, {QStringLiteral("category"), category},
        {QStringLiteral("message"), message}};
}

} // namespace

BatchEmulator::BatchEmulator(QObject* parent)
    : QObject(parent)
{
    m_server.route(QStringLiteral("/batch"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            handle(request, std::move(responder));
        });
}

BatchEmulator::~BatchEmulator() = default;

bool BatchEmulator::listen()
{
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    m_clock.start();
    return m_port != 0;
}

QUrl BatchEmulator::url(const QString& path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

void BatchEmulator::setRateLimited(int requests, QByteArray retryAfter)
{
    m_rateLimited = requests;
    m_retryAfter = std::move(retryAfter);
}

void BatchEmulator::setDelay(int ms, int requests)
{
    m_delayMs = ms;
    m_delayedRequests = requests;
}

QStringList BatchEmulator::seenIds() const
{
    QStringList all;
    for (const QStringList& ids : m_ids)
        all += ids;
    return all;
}

void BatchEmulator::handle(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    const int number = ++m_requests;
    m_times.append(m_clock.elapsed());
    m_maxConcurrent = std::max(m_maxConcurrent, ++m_current);
    if (m_onRequest)
        m_onRequest(number);

    const Answer reply = answer(request);
    const bool delayed = m_delayMs > 0 && (m_delayedRequests < 0 || number <= m_delayedRequests);
    if (!delayed) {
        respond(responder, reply);
        return;
    }
    // Hold the answer without blocking: other connections are served meanwhile. The client
    // may have given up (a timeout) by then, and the socket gone with it.
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = held->socket();
    QTimer::singleShot(m_delayMs, this, [this, held, socket, reply] {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            respond(*held, reply);
        else
            --m_current;
    });
}

void BatchEmulator::respond(QHttpServerResponder& responder, const Answer& answer)
{
    --m_current;
    responder.writeStatusLine(QHttpServerResponder::StatusCode(answer.status));
    responder.writeHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json;charset=utf-8"));
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(answer.body.size()));
    for (const auto& [name, value] : answer.headers)
        responder.writeHeader(name, value);
    for (const auto& [name, value] : std::as_const(m_extraHeaders))
        responder.writeHeader(name, value);
    responder.writeBody(answer.body);
}

BatchEmulator::Answer BatchEmulator::answer(const QHttpServerRequest& request)
{
    const QByteArray authorization = request.value(QByteArrayLiteral("Authorization"));
    m_authorizations.append(authorization);
    const QJsonArray inputs
        = QJsonDocument::fromJson(request.body()).object().value(QStringLiteral("inputs")).toArray();
    QStringList ids;
    for (const QJsonValue& input : inputs)
        ids.append(input.toObject().value(QStringLiteral("id")).toString());
    m_ids.append(ids);

    if (!m_token.isEmpty() && authorization != "Bearer " + m_token)
        return {401,
            json(error(QStringLiteral("INVALID_AUTHENTICATION"),
                QStringLiteral("Authentication credentials not found. This API supports OAuth 2.0 "
                               "authentication and you can find more details at "
                               "https://developers.hubspot.com/docs/methods/auth/oauth-overview"))),
            {}};
    const int number = m_requests;
    if (number <= m_rateLimited) {
        QJsonObject body
            = error(QStringLiteral("RATE_LIMITS"), QStringLiteral("You have reached your ten_secondly_rolling limit."));
        body.insert(QStringLiteral("errorType"), QStringLiteral("RATE_LIMIT"));
        body.insert(QStringLiteral("policyName"), QStringLiteral("TEN_SECONDLY_ROLLING"));
        Headers headers;
        if (!m_retryAfter.isEmpty())
            headers.append({QByteArrayLiteral("Retry-After"), m_retryAfter});
        return {429, json(body), headers};
    }
    if (m_serverErrors < 0 || number <= m_rateLimited + m_serverErrors)
        return {500, json(error(QStringLiteral("INTERNAL_ERROR"), QStringLiteral("internal error"))), {}};
    return batchAnswer(request.body());
}

BatchEmulator::Answer BatchEmulator::batchAnswer(const QByteArray& body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.object().value(QStringLiteral("inputs")).isArray())
        return {400, json(error(QStringLiteral("VALIDATION_ERROR"), QStringLiteral("Invalid input JSON"))), {}};
    const QJsonArray inputs = document.object().value(QStringLiteral("inputs")).toArray();
    if (inputs.size() > m_maxInputs)
        return {400,
            json(error(QStringLiteral("VALIDATION_ERROR"),
                QStringLiteral("The maximum number of inputs supported in a batch is %1. %2 inputs were provided.")
                    .arg(m_maxInputs)
                    .arg(inputs.size()))),
            {}};

    QJsonArray results;
    QJsonArray errors;
    for (const QJsonValue& value : inputs) {
        const QJsonObject input = value.toObject();
        const QString id = input.value(QStringLiteral("id")).toString();
        if (id == QLatin1String("bad")) {
            QJsonObject whole = error(QStringLiteral("VALIDATION_ERROR"),
                QStringLiteral("Property values were not valid: [{\"isValid\":false,\"message\":\"Email address bad is "
                               "invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]"));
            return {400, json(whole), {}};
        }
        if (id.startsWith(QLatin1String("reject-"))) {
            QJsonObject refusal = error(
                QStringLiteral("VALIDATION_ERROR"), QStringLiteral("%1 was not one of the allowed options").arg(id));
            refusal.insert(QStringLiteral("context"), QJsonObject{{QStringLiteral("id"), QJsonArray{id}}});
            refusal.insert(QStringLiteral("errors"),
                QJsonArray{QJsonObject{
                    {QStringLiteral("message"), QStringLiteral("%1 was not one of the allowed options").arg(id)},
                    {QStringLiteral("code"), QStringLiteral("INVALID_OPTION")}}});
            errors.append(refusal);
            continue;
        }
        results.append(QJsonObject{{QStringLiteral("id"), id},
            {QStringLiteral("properties"), input.value(QStringLiteral("properties"))}, {QStringLiteral("new"), true}});
    }
    QJsonObject answer{{QStringLiteral("status"), QStringLiteral("COMPLETE")}, {QStringLiteral("results"), results},
        {QStringLiteral("startedAt"), QStringLiteral("2024-01-01T00:00:00.000Z")},
        {QStringLiteral("completedAt"), QStringLiteral("2024-01-01T00:00:00.100Z")}};
    if (!errors.isEmpty()) {
        answer.insert(QStringLiteral("numErrors"), errors.size());
        answer.insert(QStringLiteral("errors"), errors);
    }
    return {errors.isEmpty() ? 200 : 207, json(answer), {}};
}

} // namespace Ebb::Emulators
