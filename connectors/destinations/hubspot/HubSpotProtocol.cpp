#include "HubSpotProtocol.h"

#include "HubSpotValue.h"
#include "connectors/http/HttpFailure.h"
#include "models/mapping/ValueText.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

namespace Ebb {

HubSpotProtocol::HubSpotProtocol(QUrl baseUrl, QString token, QString object, QString matchField)
    : m_baseUrl(std::move(baseUrl))
    , m_token(std::move(token))
    , m_object(std::move(object))
    , m_matchField(std::move(matchField))
{
}

bool HubSpotProtocol::byHubSpotId() const
{
    return m_matchField.isEmpty() || m_matchField == QLatin1String("hs_object_id");
}

QNetworkRequest HubSpotProtocol::get(const QString& path) const
{
    const QUrl url(m_baseUrl.toString(QUrl::StripTrailingSlash) + path);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    return request;
}

QString HubSpotProtocol::endpoint(OutgoingRecord::Operation operation) const
{
    switch (operation) {
    case OutgoingRecord::Operation::Upsert:
        return QStringLiteral("upsert");
    case OutgoingRecord::Operation::Insert:
        return QStringLiteral("create");
    case OutgoingRecord::Operation::Update:
        return QStringLiteral("update");
    case OutgoingRecord::Operation::Delete:
        return m_deletePass == DeletePass::Lookup ? QStringLiteral("read") : QStringLiteral("archive");
    }
    return QStringLiteral("upsert");
}

QNetworkRequest HubSpotProtocol::request(const QList<OutgoingRecord>& batch, const QByteArray& body) const
{
    Q_UNUSED(body);
    QNetworkRequest request
        = get(QStringLiteral("/crm/v3/objects/%1/batch/%2")
                  .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_object)), endpoint(batch.first().operation)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return request;
}

QByteArray HubSpotProtocol::body(const QList<OutgoingRecord>& batch) const
{
    const OutgoingRecord::Operation operation = batch.first().operation;
    QJsonArray inputs;
    for (int i = 0; i < batch.size(); ++i) {
        const OutgoingRecord& record = batch[i];
        QJsonObject input;
        const QString id = valueText(record.matchValue);
        if (operation == OutgoingRecord::Operation::Delete) {
            inputs.append(QJsonObject{{QStringLiteral("id"), id}});
            continue;
        }

        QJsonObject properties;
        const QStringList& fields = record.payload.fields();
        for (int f = 0; f < fields.size(); ++f) {
            const QString& name = fields[f];
            // A changed record sends only what changed; HubSpot keeps the rest. The id is
            // HubSpot's to give, and an update names its record by the match field instead.
            if (!record.changed.isEmpty() && !record.changed.contains(name))
                continue;
            if (name == QLatin1String("hs_object_id") || record.payload.isSkipped(f))
                continue; // HubSpot's to give; a NULL the mapping skips leaves HubSpot's value
            properties.insert(name, HubSpotValue::text(record.payload.value(f), m_schema.field(name)));
        }
        input.insert(QStringLiteral("properties"), properties);
        input.insert(QStringLiteral("objectWriteTraceId"), QString::number(i));
        if (operation == OutgoingRecord::Operation::Upsert
            || (operation == OutgoingRecord::Operation::Update && !byHubSpotId())) {
            input.insert(QStringLiteral("id"), id);
            input.insert(QStringLiteral("idProperty"), m_matchField);
        } else if (operation == OutgoingRecord::Operation::Update) {
            input.insert(QStringLiteral("id"), id);
        }
        inputs.append(input);
    }
    QJsonObject body{{QStringLiteral("inputs"), inputs}};
    if (operation == OutgoingRecord::Operation::Delete && m_deletePass == DeletePass::Lookup) {
        body.insert(QStringLiteral("idProperty"), m_matchField);
        body.insert(QStringLiteral("properties"), QJsonArray{m_matchField});
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QHash<QString, QString> HubSpotProtocol::takeFound()
{
    const QMutexLocker lock(&m_foundMutex);
    return std::exchange(m_found, {});
}

QString HubSpotProtocol::errorText(const QByteArray& body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object();
    QString message = error.value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(300)).simplified();
    const QString category = error.value(QStringLiteral("category")).toString();
    QStringList details;
    for (const QJsonValue& detail : error.value(QStringLiteral("errors")).toArray()) {
        const QString text = detail.toObject().value(QStringLiteral("message")).toString();
        if (!text.isEmpty() && !message.contains(text))
            details << text;
    }
    if (!details.isEmpty())
        message += QStringLiteral(" (%1)").arg(details.join(QStringLiteral("; ")));
    return category.isEmpty() ? message : QStringLiteral("%1: %2").arg(category, message);
}

HttpAnswer HubSpotProtocol::parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const
{
    const qsizetype n = batch.size();
    const auto allOk = [n] { return QList<RecordOutcome>(n, RecordOutcome{true, {}, false}); };
    // A lookup before deleting: the ids found are kept; a record not found is gone already
    // (HubSpot answers 207 with OBJECT_NOT_FOUND for it), which is what a delete wants.
    if (batch.first().operation == OutgoingRecord::Operation::Delete && m_deletePass == DeletePass::Lookup
        && (status == 200 || status == 207)) {
        const QMutexLocker lock(&m_foundMutex);
        const QJsonObject answer = QJsonDocument::fromJson(body).object();
        for (const QJsonValue& value : answer.value(QStringLiteral("results")).toArray()) {
            const QJsonObject result = value.toObject();
            const QString match = result.value(QStringLiteral("properties")).toObject().value(m_matchField).toString();
            m_found.insert(m_matchField == QLatin1String("email") ? match.toLower() : match,
                result.value(QStringLiteral("id")).toString());
        }
        return allOk();
    }
    if (status == 200 || status == 201 || status == 204)
        return allOk();
    const QString text = errorText(body);
    if (status == 207) {
        // The records an error names (by trace id, or by the id the input gave) are refused;
        // the others were written.
        QHash<QString, int> byTrace;
        QHash<QString, int> byId;
        for (int i = 0; i < n; ++i) {
            byTrace.insert(QString::number(i), i);
            byId.insert(valueText(batch[i].matchValue), i);
        }
        QList<RecordOutcome> outcomes = allOk();
        const QJsonObject answer = QJsonDocument::fromJson(body).object();
        for (const QJsonValue& value : answer.value(QStringLiteral("errors")).toArray()) {
            const QJsonObject error = value.toObject();
            const QString why = errorText(QJsonDocument(error).toJson(QJsonDocument::Compact));
            const QJsonObject context = error.value(QStringLiteral("context")).toObject();
            bool tied = false;
            for (auto it = context.begin(); it != context.end(); ++it) {
                const bool trace = it.key() == QLatin1String("objectWriteTraceId");
                for (const QJsonValue& v : it.value().toArray()) {
                    const int index = trace ? byTrace.value(v.toString(), -1) : byId.value(v.toString(), -1);
                    if (index >= 0) {
                        outcomes[index] = RecordOutcome{false, why, false};
                        tied = true;
                    }
                }
            }
            if (!tied) {
                // An error that names no record: none of them can be counted as written.
                for (RecordOutcome& outcome : outcomes) {
                    if (outcome.ok)
                        outcome = RecordOutcome{false,
                            QStringLiteral("HubSpot answered 207 with an error naming no record (%1); sent again "
                                           "next run")
                                .arg(why),
                            true};
                }
            }
        }
        return outcomes;
    }
    if (status == 400 || status == 409 || status == 422) {
        if (n > 1)
            return HttpFailure::split(status, text);
        return QList<RecordOutcome>{RecordOutcome{false, text, false}};
    }
    if (status == 423)
        return HttpFailure::retry(
            status, QStringLiteral("HubSpot: the record is locked (423): %1").arg(text), false, 2000);
    if (status == 429) {
        const QString policy = QJsonDocument::fromJson(body).object().value(QStringLiteral("policyName")).toString();
        if (policy == QLatin1String("DAILY"))
            return HttpFailure::fatal(status,
                QStringLiteral("HubSpot's daily API limit is used up (%1); the records not sent stay pending for the "
                               "next run, after HubSpot's day resets (midnight in the account's time zone)")
                    .arg(text));
        return HttpFailure::retry(status, QStringLiteral("HubSpot rate limit (%1): %2").arg(policy, text), true);
    }
    if (status == 401)
        return HttpFailure::fatal(
            status, QStringLiteral("HubSpot refused the token (401: %1); check the connection's token").arg(text));
    if (status == 403)
        return HttpFailure::fatal(
            status, QStringLiteral("HubSpot forbids this (403: %1); the app needs the object's write scope").arg(text));
    if (status == 404)
        return HttpFailure::fatal(
            status, QStringLiteral("HubSpot has no object type \"%1\" (404: %2)").arg(m_object, text));
    return HttpFailure::fromStatus(status, QStringLiteral("HubSpot: %1").arg(text));
}

} // namespace Ebb
