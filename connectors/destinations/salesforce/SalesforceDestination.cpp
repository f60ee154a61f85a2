#include "SalesforceDestination.h"

#include "SalesforceSchema.h"
#include "connectors/http/HttpGet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

SalesforceDestination::SalesforceDestination(QUrl instanceUrl, QString version, QString token, QString object,
    QString matchField, DispatcherOptions options, const std::atomic_bool* cancel, SalesforceProtocol::Refresh refresh)
    : HttpDestination(m_protocol, std::move(options), cancel)
    , m_object(object)
    , m_protocol(std::move(instanceUrl), std::move(version), std::move(token), std::move(object), std::move(matchField),
          std::move(refresh))
{
}

Result<HttpGet::Answer> SalesforceDestination::fetch(const QString& path)
{
    auto answer = HttpGet::fetch(m_protocol.get(path));
    if (answer && answer->status == 401 && m_protocol.refreshCredentials())
        answer = HttpGet::fetch(m_protocol.get(path));
    return answer;
}

SalesforceDestination::~SalesforceDestination() = default;

Result<QStringList> SalesforceDestination::objects()
{
    auto answer = fetch(QStringLiteral("/sobjects"));
    if (!answer)
        return answer.error();
    if (answer->status != 200)
        return Error{Error::Category::Network,
            QStringLiteral("Salesforce could not list the sObjects (%1: %2)")
                .arg(answer->status)
                .arg(SalesforceProtocol::errorsText(QJsonDocument::fromJson(answer->body).array())),
            {}};
    QStringList objects;
    for (const QJsonValue& value :
        QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("sobjects")).toArray()) {
        const QJsonObject sobject = value.toObject();
        if (sobject.value(QStringLiteral("createable")).toBool()
            || sobject.value(QStringLiteral("updateable")).toBool())
            objects << sobject.value(QStringLiteral("name")).toString();
    }
    return objects;
}

Result<DestinationSchema> SalesforceDestination::schema()
{
    if (m_object.isEmpty())
        return Error::config(QStringLiteral("$.destination.object: name the sObject to write (Contact, Account, …)"));
    auto answer
        = fetch(QStringLiteral("/sobjects/%1/describe").arg(QString::fromLatin1(QUrl::toPercentEncoding(m_object))));
    if (!answer)
        return answer.error();
    if (answer->status != 200) {
        const QString why = SalesforceProtocol::errorsText(QJsonDocument::fromJson(answer->body).array());
        if (answer->status == 404)
            return Error::config(QStringLiteral("Salesforce has no sObject \"%1\" (404: %2)").arg(m_object, why));
        return Error{Error::Category::Network,
            QStringLiteral("Salesforce could not describe %1 (%2: %3)").arg(m_object).arg(answer->status).arg(why), {}};
    }
    auto schema = SalesforceSchema::parse(m_object, answer->body);
    if (!schema)
        return schema.error();
    schema->rateLimit = options().rateLimit;
    m_protocol.setSchema(*schema);
    return schema;
}

QString SalesforceDestination::summary() const
{
    if (m_protocol.apiAllowed() <= 0)
        return {};
    return QStringLiteral("Salesforce API usage: %1 of %2 requests in the last 24 h (%3%)")
        .arg(m_protocol.apiUsed())
        .arg(m_protocol.apiAllowed())
        .arg(100.0 * m_protocol.apiUsed() / m_protocol.apiAllowed(), 0, 'f', 1);
}

Result<QList<RecordOutcome>> SalesforceDestination::write(const QList<OutgoingRecord>& batch)
{
    if (m_protocol.schema().fields.isEmpty()) {
        if (auto described = schema(); !described)
            return described.error();
    }
    return dispatcher().send(batch);
}

} // namespace Ebb
