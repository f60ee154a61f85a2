#include "SalesforceProtocol.h"

#include "connectors/destinations/TypedJson.h"
#include "connectors/http/HttpCall.h"
#include "connectors/http/HttpFailure.h"
#include "models/mapping/Payload.h"
#include "models/mapping/ValueText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace Ebb {

SalesforceProtocol::SalesforceProtocol(
    QUrl instanceUrl, QString version, QString token, QString object, QString matchField, Refresh refresh)
    : m_instanceUrl(std::move(instanceUrl))
    , m_version(version.isEmpty() ? QLatin1String(defaultVersion) : std::move(version))
    , m_token(std::move(token))
    , m_object(std::move(object))
    , m_matchField(std::move(matchField))
    , m_refresh(std::move(refresh))
{
    if (!m_version.startsWith(QLatin1Char('v')))
        m_version.prepend(QLatin1Char('v'));
}

QString SalesforceProtocol::base() const
{
    return m_instanceUrl.toString(QUrl::StripTrailingSlash) + QStringLiteral("/services/data/") + m_version;
}

QNetworkRequest SalesforceProtocol::get(const QString& path) const
{
    QNetworkRequest request(QUrl(base() + path));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    return request;
}

bool SalesforceProtocol::refreshCredentials()
{
    if (m_refresh.refreshToken.isEmpty())
        return false;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("client_id"), m_refresh.clientId);
    form.addQueryItem(QStringLiteral("client_secret"), m_refresh.clientSecret);
    form.addQueryItem(QStringLiteral("refresh_token"), m_refresh.refreshToken);
    QNetworkRequest request(
        QUrl(m_instanceUrl.toString(QUrl::StripTrailingSlash) + QStringLiteral("/services/oauth2/token")));
    request.setRawHeader("Accept", "application/json");
    auto answer = HttpCall::postForm(request, form.toString(QUrl::FullyEncoded).toUtf8());
    if (!answer || answer->status != 200)
        return false;
    const QString token
        = QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("access_token")).toString();
    if (token.isEmpty())
        return false;
    m_token = token;
    ++m_refreshes;
    return true;
}

void SalesforceProtocol::observe(const QList<QPair<QByteArray, QByteArray>>& headers)
{
    for (const auto& [name, value] : headers) {
        if (name.compare("Sforce-Limit-Info", Qt::CaseInsensitive) != 0)
            continue;
        // "api-usage=18/15000" (rolling 24 h)
        const QByteArray usage = value.mid(value.indexOf("api-usage=") + 10).split(',').value(0).trimmed();
        const QList<QByteArray> parts = usage.split('/');
        // Answers of requests in flight together come back in any order: the highest is the latest.
        if (value.contains("api-usage=") && parts.size() == 2) {
            for (int used = m_apiUsed;
                 used < parts[0].toInt() && !m_apiUsed.compare_exchange_weak(used, parts[0].toInt());)
                ;
            m_apiAllowed = parts[1].toInt();
        }
    }
}

QHash<QString, QString> SalesforceProtocol::takeFound()
{
    const QMutexLocker lock(&m_foundMutex);
    return std::exchange(m_found, {});
}

QString SalesforceProtocol::soqlLiteral(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QNetworkRequest SalesforceProtocol::request(const QList<OutgoingRecord>& batch, const QByteArray& body) const
{
    Q_UNUSED(body);
    if (batch.first().operation == OutgoingRecord::Operation::Delete) {
        QStringList values;
        for (const OutgoingRecord& record : batch)
            values << (m_deletePass == DeletePass::Lookup ? soqlLiteral(valueText(record.matchValue))
                                                          : valueText(record.matchValue));
        QNetworkRequest request = get({});
        if (m_deletePass == DeletePass::Lookup) {
            const QString soql = QStringLiteral("SELECT Id, %1 FROM %2 WHERE %1 IN (%3)")
                                     .arg(m_matchField, m_object, values.join(QLatin1Char(',')));
            request.setUrl(QUrl::fromEncoded(base().toUtf8() + "/query?q=" + QUrl::toPercentEncoding(soql)));
        } else {
            request.setUrl(QUrl::fromEncoded(base().toUtf8() + "/composite/sobjects?ids="
                + QUrl::toPercentEncoding(values.join(QLatin1Char(',')), ",") + "&allOrNone=false"));
        }
        return request;
    }
    QString path = QStringLiteral("/composite/sobjects");
    if (batch.first().operation == OutgoingRecord::Operation::Upsert)
        path += QStringLiteral("/%1/%2").arg(m_object, m_matchField);
    QNetworkRequest request = get(path);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return request;
}

QByteArray SalesforceProtocol::verb(const QList<OutgoingRecord>& batch) const
{
    switch (batch.first().operation) {
    case OutgoingRecord::Operation::Insert:
        return QByteArrayLiteral("POST");
    case OutgoingRecord::Operation::Delete:
        return m_deletePass == DeletePass::Lookup ? QByteArrayLiteral("GET") : QByteArrayLiteral("DELETE");
    default:
        return QByteArrayLiteral("PATCH");
    }
}

QByteArray SalesforceProtocol::body(const QList<OutgoingRecord>& batch) const
{
    if (batch.first().operation == OutgoingRecord::Operation::Delete)
        return {};
    QByteArray type;
    PayloadJson::appendValue(type, m_object);
    QByteArray out = QByteArrayLiteral("{\"allOrNone\":false,\"records\":[");
    for (int r = 0; r < batch.size(); ++r) {
        const OutgoingRecord& record = batch[r];
        if (r)
            out += ',';
        out += "{\"attributes\":{\"type\":" + type + '}';
        const QStringList& fields = record.payload.fields();
        for (int f = 0; f < fields.size(); ++f) {
            const QString& name = fields[f];
            if (record.payload.isSkipped(f) || name == QLatin1String("Id"))
                continue; // a skipped NULL keeps Salesforce's value; Id names the record, below
            // A changed record sends what changed, and the external id that finds it.
            if (!record.changed.isEmpty() && !record.changed.contains(name) && name != m_matchField)
                continue;
            out += ',';
            PayloadJson::appendString(out, name);
            out += ':' + TypedJson::value(record.payload.value(f), m_schema.field(name), TypedJson::Multi::Joined);
        }
        if (record.operation == OutgoingRecord::Operation::Update) {
            out += ",\"Id\":";
            PayloadJson::appendValue(out, valueText(record.matchValue));
        }
        out += '}';
    }
    out += "]}";
    return out;
}

QString SalesforceProtocol::errorsText(const QJsonValue& errors)
{
    QStringList parts;
    for (const QJsonValue& e : errors.toArray()) {
        const QJsonObject error = e.toObject();
        QString code = error.value(QStringLiteral("statusCode")).toString();
        if (code.isEmpty())
            code = error.value(QStringLiteral("errorCode")).toString();
        QString text = error.value(QStringLiteral("message")).toString();
        const QJsonArray fields = error.value(QStringLiteral("fields")).toArray();
        if (!fields.isEmpty() && !text.contains(fields.at(0).toString()))
            text += QStringLiteral(" (%1)").arg(fields.at(0).toString());
        parts << (code.isEmpty() ? text : code + QStringLiteral(": ") + text);
    }
    return parts.join(QStringLiteral("; "));
}

HttpAnswer SalesforceProtocol::parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const bool deleting = batch.first().operation == OutgoingRecord::Operation::Delete;
    if (deleting && m_deletePass == DeletePass::Lookup && status == 200 && document.isObject()) {
        // The records found; one not found is gone already, which is what a delete wants.
        const QMutexLocker lock(&m_foundMutex);
        for (const QJsonValue& value : document.object().value(QStringLiteral("records")).toArray()) {
            const QJsonObject record = value.toObject();
            m_found.insert(
                record.value(m_matchField).toVariant().toString(), record.value(QStringLiteral("Id")).toString());
        }
        return QList<RecordOutcome>(batch.size(), RecordOutcome{true, {}, false});
    }
    if (status == 200 && document.isArray()) {
        const QJsonArray results = document.array();
        if (results.size() != batch.size())
            return HttpFailure::retry(status,
                QStringLiteral("Salesforce answered %1 results for %2 records").arg(results.size()).arg(batch.size()));
        QList<RecordOutcome> outcomes;
        for (const QJsonValue& value : results) {
            const QJsonObject result = value.toObject();
            const bool goneAlready = deleting
                && result.value(QStringLiteral("errors")).toArray().at(0).toObject().value(QStringLiteral("statusCode"))
                    == QLatin1String("ENTITY_IS_DELETED");
            if (result.value(QStringLiteral("success")).toBool() || goneAlready)
                outcomes << RecordOutcome{true, {}, false};
            else
                outcomes << RecordOutcome{false, errorsText(result.value(QStringLiteral("errors"))), false};
        }
        return outcomes;
    }
    const QString text = document.isArray() ? errorsText(document.array()) : QString::fromUtf8(body.left(300));
    if (status == 400) {
        if (batch.size() > 1)
            return HttpFailure::split(status, text);
        return QList<RecordOutcome>{RecordOutcome{false, text, false}};
    }
    if (status == 403 && text.contains(QLatin1String("REQUEST_LIMIT_EXCEEDED")))
        return HttpFailure::retry(status, QStringLiteral("Salesforce's API limit (%1)").arg(text), true);
    if (status == 401)
        return HttpFailure::fatal(status,
            QStringLiteral("Salesforce refused the access token (401: %1); get a new one for the connection")
                .arg(text));
    if (status == 403)
        return HttpFailure::fatal(status, QStringLiteral("Salesforce forbids this (403: %1)").arg(text));
    if (status == 404)
        return HttpFailure::fatal(
            status, QStringLiteral("Salesforce has no %1 to write (404: %2)").arg(m_object, text));
    return HttpFailure::fromStatus(status, QStringLiteral("Salesforce: %1").arg(text));
}

} // namespace Ebb
