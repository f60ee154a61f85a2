#include "SalesforceDestination.h"

#include "SalesforceBulk.h"
#include "SalesforceSchema.h"
#include "connectors/http/HttpCall.h"
#include "models/mapping/ValueText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

SalesforceDestination::SalesforceDestination(QUrl instanceUrl, QString version, QString token, QString object,
    QString matchField, DispatcherOptions options, const std::atomic_bool* cancel, SalesforceProtocol::Refresh refresh,
    int bulkThreshold)
    : HttpDestination(m_protocol, std::move(options), cancel)
    , m_object(object)
    , m_protocol(std::move(instanceUrl), std::move(version), std::move(token), std::move(object), std::move(matchField),
          std::move(refresh))
    , m_bulkThreshold(std::clamp(bulkThreshold, 0, maxBulkThreshold))
{
}

Result<HttpCall::Answer> SalesforceDestination::fetch(const QString& path)
{
    auto answer = HttpCall::fetch(m_protocol.get(path));
    if (answer && answer->status == 401 && m_protocol.refreshCredentials())
        answer = HttpCall::fetch(m_protocol.get(path));
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
    if (m_bulkThreshold > schema->maxBatchSize)
        schema->maxBatchSize = m_bulkThreshold; // the dispatcher still sends 200 a request
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

QJsonObject SalesforceDestination::apiUsage() const
{
    if (m_protocol.apiAllowed() <= 0)
        return {};
    return {{QStringLiteral("used"), m_protocol.apiUsed()}, {QStringLiteral("allowed"), m_protocol.apiAllowed()}};
}

Result<QList<RecordOutcome>> SalesforceDestination::write(const QList<OutgoingRecord>& batch)
{
    if (m_protocol.schema().fields.isEmpty()) {
        if (auto described = schema(); !described)
            return described.error();
    }
    return byOperation(batch, [this](const QList<OutgoingRecord>& run) { return send(run); });
}

Result<QList<RecordOutcome>> SalesforceDestination::send(const QList<OutgoingRecord>& run)
{
    const auto operation = run.first().operation;
    if (operation == OutgoingRecord::Operation::Delete)
        return m_protocol.deletesByLookup() ? deleteByLookup(run) : dispatcher().send(run);
    if (m_bulkThreshold > 0 && run.size() >= m_bulkThreshold) {
        SalesforceBulk bulk(m_protocol, requestLog(), [this] { return cancelled(); });
        return bulk.ingest(run);
    }
    return dispatcher().send(run);
}

// Deletes by an external id: the Ids first (a SOQL query a batch), then a delete of those
// found. A record Salesforce does not have is deleted already; one whose lookup failed keeps
// its failure and is tried again next run.
Result<QList<RecordOutcome>> SalesforceDestination::deleteByLookup(const QList<OutgoingRecord>& deletes)
{
    m_protocol.setDeletePass(SalesforceProtocol::DeletePass::Lookup);
    auto looked = dispatcher().send(deletes);
    m_protocol.setDeletePass(SalesforceProtocol::DeletePass::Delete);
    const QHash<QString, QString> found = m_protocol.takeFound();
    if (!looked)
        return looked.error();
    return deleteFound(
        deletes, *looked, found, [](const OutgoingRecord& record) { return valueText(record.matchValue); });
}

} // namespace Ebb
