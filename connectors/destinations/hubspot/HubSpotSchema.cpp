#include "HubSpotSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

namespace {

FieldSchema::Type typeOf(const QString& object, const QJsonObject& property)
{
    const QString type = property.value(QStringLiteral("type")).toString();
    const QString fieldType = property.value(QStringLiteral("fieldType")).toString();
    if (type == QLatin1String("bool"))
        return FieldSchema::Type::Bool;
    if (type == QLatin1String("date"))
        return FieldSchema::Type::Date;
    if (type == QLatin1String("datetime"))
        return FieldSchema::Type::DateTime;
    if (type == QLatin1String("number"))
        return FieldSchema::Type::Number;
    if (type == QLatin1String("enumeration")) {
        if (fieldType == QLatin1String("booleancheckbox"))
            return FieldSchema::Type::Bool;
        return fieldType == QLatin1String("checkbox") ? FieldSchema::Type::MultiEnum : FieldSchema::Type::Enum;
    }
    // A contact's email is checked by HubSpot (INVALID_EMAIL); other strings are text.
    if (object == QLatin1String("contacts")
        && property.value(QStringLiteral("name")).toString() == QLatin1String("email"))
        return FieldSchema::Type::Email;
    return FieldSchema::Type::String;
}

} // namespace

Result<DestinationSchema> HubSpotSchema::parse(const QString& object, const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.object().value(QStringLiteral("results")).isArray())
        return Error::config(
            QStringLiteral("HubSpot's properties of %1 are not the documented {\"results\": [...]}").arg(object));
    DestinationSchema schema;
    schema.object = object;
    schema.maxBatchSize = maxBatchSize;
    // mirror archives the records whose keys left the query (looked up by the match field).
    schema.modes = allSyncModes();
    schema.partialUpdates = true; // properties left out of an update keep their values
    schema.emptyTextIsNull = true; // "" clears a property, as a NULL does
    for (const QJsonValue& value : document.object().value(QStringLiteral("results")).toArray()) {
        const QJsonObject property = value.toObject();
        FieldSchema field;
        field.name = property.value(QStringLiteral("name")).toString();
        if (field.name.isEmpty())
            continue;
        field.label = property.value(QStringLiteral("label")).toString();
        field.type = typeOf(object, property);
        field.readOnly = property.value(QStringLiteral("calculated")).toBool()
            || property.value(QStringLiteral("modificationMetadata"))
                   .toObject()
                   .value(QStringLiteral("readOnlyValue"))
                   .toBool();
        field.identifier = property.value(QStringLiteral("hasUniqueValue")).toBool()
            || field.name == QLatin1String("hs_object_id") || field.type == FieldSchema::Type::Email;
        if (field.type == FieldSchema::Type::String || field.type == FieldSchema::Type::Email)
            field.maxLength = maxStringLength;
        field.dateAtMidnightUtc = field.type == FieldSchema::Type::Date;
        if (field.type == FieldSchema::Type::Enum || field.type == FieldSchema::Type::MultiEnum) {
            for (const QJsonValue& option : property.value(QStringLiteral("options")).toArray())
                field.options << option.toObject().value(QStringLiteral("value")).toString();
        }
        schema.fields << field;
    }
    return schema;
}

} // namespace Ebb
