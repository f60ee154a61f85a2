#include "HubSpotDestination.h"

#include "HubSpotSchema.h"
#include "connectors/http/HttpCall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

HubSpotDestination::HubSpotDestination(QUrl baseUrl, QString token, QString object, QString matchField,
    DispatcherOptions options, const std::atomic_bool* cancel)
    : HttpDestination(m_protocol, std::move(options), cancel)
    , m_object(object)
    , m_protocol(std::move(baseUrl), std::move(token), std::move(object), std::move(matchField))
{
}

HubSpotDestination::~HubSpotDestination() = default;

Result<QStringList> HubSpotDestination::objects()
{
    QStringList objects{
        QStringLiteral("contacts"), QStringLiteral("companies"), QStringLiteral("deals"), QStringLiteral("tickets")};
    auto answer = HttpCall::fetch(m_protocol.get(QStringLiteral("/crm/v3/schemas")));
    if (!answer)
        return answer.error();
    if (answer->status == 401 || answer->status == 403)
        return Error{Error::Category::Network,
            QStringLiteral("HubSpot refused to list the objects (%1: %2)")
                .arg(answer->status)
                .arg(HubSpotProtocol::errorText(answer->body)),
            {}};
    // Custom objects are written by their fully qualified name or objectTypeId; a missing
    // scope for schemas leaves the standard objects.
    if (answer->status == 200) {
        for (const QJsonValue& value :
            QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("results")).toArray()) {
            const QJsonObject custom = value.toObject();
            const QString name = custom.value(QStringLiteral("fullyQualifiedName")).toString();
            const QString id = custom.value(QStringLiteral("objectTypeId")).toString();
            if (!name.isEmpty() || !id.isEmpty())
                objects << (name.isEmpty() ? id : name);
        }
    }
    return objects;
}

Result<DestinationSchema> HubSpotDestination::schema()
{
    if (m_object.isEmpty())
        return Error::config(QStringLiteral("$.destination.object: name the HubSpot object to write (contacts, "
                                            "companies, or a custom object)"));
    auto answer = HttpCall::fetch(m_protocol.get(
        QStringLiteral("/crm/v3/properties/%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(m_object)))));
    if (!answer)
        return answer.error();
    if (answer->status != 200) {
        const QString why = HubSpotProtocol::errorText(answer->body);
        if (answer->status == 404)
            return Error::config(QStringLiteral("HubSpot has no object type \"%1\" (404: %2)").arg(m_object, why));
        return Error{Error::Category::Network,
            QStringLiteral("HubSpot could not describe %1 (%2: %3)").arg(m_object).arg(answer->status).arg(why), {}};
    }
    auto schema = HubSpotSchema::parse(m_object, answer->body);
    if (!schema)
        return schema.error();
    schema->rateLimit = options().rateLimit;
    m_protocol.setSchema(*schema);
    return schema;
}

Result<QList<RecordOutcome>> HubSpotDestination::write(const QList<OutgoingRecord>& batch)
{
    if (m_protocol.schema().fields.isEmpty()) {
        if (auto described = schema(); !described)
            return described.error();
    }
    return byOperation(batch, [this](const QList<OutgoingRecord>& run) {
        return run.first().operation == OutgoingRecord::Operation::Delete && m_protocol.deletesByLookup()
            ? archiveByLookup(run)
            : dispatcher().send(run);
    });
}

// Deletes by the match field: HubSpot's ids first (batch/read), then batch/archive of those
// found. A record HubSpot does not have is deleted already; one whose lookup failed keeps its
// failure and is tried again next run.
Result<QList<RecordOutcome>> HubSpotDestination::archiveByLookup(const QList<OutgoingRecord>& deletes)
{
    m_protocol.setDeletePass(HubSpotProtocol::DeletePass::Lookup);
    auto looked = dispatcher().send(deletes);
    m_protocol.setDeletePass(HubSpotProtocol::DeletePass::Archive);
    const QHash<QString, QString> found = m_protocol.takeFound();
    if (!looked)
        return looked.error();
    const bool byEmail = m_protocol.matchField() == QLatin1String("email");
    return deleteFound(deletes, *looked, found, [byEmail](const OutgoingRecord& record) {
        const QString match = record.matchValue.toString();
        return byEmail ? match.toLower() : match;
    });
}

} // namespace Ebb
