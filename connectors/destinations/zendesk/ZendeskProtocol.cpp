#include "ZendeskProtocol.h"

#include "ZendeskSchema.h"
#include "connectors/destinations/TypedJson.h"
#include "connectors/http/HttpFailure.h"
#include "models/mapping/Payload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

ZendeskProtocol::ZendeskProtocol(QUrl baseUrl, const QString& email, const QString& token, QString matchField)
    : m_baseUrl(std::move(baseUrl))
    , m_authorization("Basic " + QStringLiteral("%1/token:%2").arg(email, token).toUtf8().toBase64())
    , m_matchField(std::move(matchField))
{
}

QNetworkRequest ZendeskProtocol::get(const QString& path) const
{
    QNetworkRequest request(QUrl(m_baseUrl.toString(QUrl::StripTrailingSlash) + path));
    request.setRawHeader("Authorization", m_authorization);
    request.setRawHeader("Accept", "application/json");
    return request;
}

QNetworkRequest ZendeskProtocol::request(const QList<OutgoingRecord>& batch, const QByteArray& body) const
{
    Q_UNUSED(batch);
    Q_UNUSED(body);
    QNetworkRequest request = get(QStringLiteral("/api/v2/users/create_or_update_many"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return request;
}

QByteArray ZendeskProtocol::body(const QList<OutgoingRecord>& batch) const
{
    QByteArray out = QByteArrayLiteral("{\"users\":[");
    for (int r = 0; r < batch.size(); ++r) {
        const OutgoingRecord& record = batch[r];
        if (r)
            out += ',';
        out += '{';
        QByteArray custom;
        bool first = true;
        const QStringList& fields = record.payload.fields();
        for (int f = 0; f < fields.size(); ++f) {
            const QString& name = fields[f];
            // A skipped NULL keeps Zendesk's value; a changed record sends what changed and
            // what Zendesk matches it by.
            if (record.payload.isSkipped(f)
                || (!record.changed.isEmpty() && !record.changed.contains(name) && name != m_matchField))
                continue;
            QByteArray pair;
            PayloadJson::appendString(pair, name);
            pair += ':' + TypedJson::value(record.payload.value(f), m_schema.field(name), TypedJson::Multi::Array);
            if (ZendeskSchema::isBuiltIn(name)) {
                out += (first ? "" : ",") + pair;
                first = false;
            } else {
                custom += (custom.isEmpty() ? "" : ",") + pair;
            }
        }
        if (!custom.isEmpty())
            out += QByteArray(first ? "" : ",") + "\"user_fields\":{" + custom + '}';
        out += '}';
    }
    out += "]}";
    return out;
}

QString ZendeskProtocol::errorText(const QByteArray& body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object();
    if (error.isEmpty())
        return QString::fromUtf8(body.left(300)).simplified();
    QString text = error.value(QStringLiteral("error")).toString();
    const QJsonValue description = error.value(QStringLiteral("description"));
    if (description.isString())
        text += QStringLiteral(": ") + description.toString();
    const QJsonObject details = error.value(QStringLiteral("details")).toObject();
    for (auto it = details.begin(); it != details.end(); ++it) {
        for (const QJsonValue& d : it.value().toArray())
            text += QStringLiteral("; %1: %2")
                        .arg(it.key(), d.toObject().value(QStringLiteral("description")).toString());
    }
    return text;
}

HttpAnswer ZendeskProtocol::parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const
{
    if (status == 200 || status == 201) {
        const QString id = QJsonDocument::fromJson(body)
                               .object()
                               .value(QStringLiteral("job_status"))
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
        if (id.isEmpty())
            return HttpFailure::retry(status, QStringLiteral("Zendesk's answer names no job"));
        Job job{id, {}};
        for (const OutgoingRecord& record : batch)
            job.keys << record.key;
        const QMutexLocker lock(&m_jobsMutex);
        m_jobs << job;
        // Queued: the job's results decide (the destination polls them).
        return QList<RecordOutcome>(batch.size(), RecordOutcome{true, {}, false});
    }
    const QString text = errorText(body);
    if (status == 422 || status == 400) {
        if (batch.size() > 1)
            return HttpFailure::split(status, text);
        return QList<RecordOutcome>{RecordOutcome{false, text, false}};
    }
    if (status == 401 || status == 403)
        return HttpFailure::fatal(status,
            QStringLiteral("Zendesk refused the credentials (%1: %2); check the email and API token")
                .arg(status)
                .arg(text));
    return HttpFailure::fromStatus(status, QStringLiteral("Zendesk: %1").arg(text));
}

QList<ZendeskProtocol::Job> ZendeskProtocol::takeJobs()
{
    const QMutexLocker lock(&m_jobsMutex);
    return std::exchange(m_jobs, {});
}

} // namespace Ebb
