#include "SalesforceSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

namespace {

FieldSchema::Type typeOf(const QString& type)
{
    if (type == QLatin1String("boolean"))
        return FieldSchema::Type::Bool;
    if (type == QLatin1String("int"))
        return FieldSchema::Type::Integer;
    if (type == QLatin1String("double") || type == QLatin1String("currency") || type == QLatin1String("percent"))
        return FieldSchema::Type::Number;
    if (type == QLatin1String("date"))
        return FieldSchema::Type::Date;
    if (type == QLatin1String("datetime"))
        return FieldSchema::Type::DateTime;
    if (type == QLatin1String("email"))
        return FieldSchema::Type::Email;
    if (type == QLatin1String("picklist"))
        return FieldSchema::Type::Enum;
    if (type == QLatin1String("multipicklist"))
        return FieldSchema::Type::MultiEnum;
    return FieldSchema::Type::String;
}

} // namespace

Result<DestinationSchema> SalesforceSchema::parse(const QString& object, const QByteArray& json)
{
    const QJsonObject describe = QJsonDocument::fromJson(json).object();
    if (!describe.value(QStringLiteral("fields")).isArray())
        return Error::config(QStringLiteral("Salesforce's describe of %1 has no \"fields\"").arg(object));
    DestinationSchema schema;
    schema.object = describe.value(QStringLiteral("name")).toString(object);
    schema.maxBatchSize = maxBatchSize;
    // Updates name a record by its Id; upserts by an external id field; mirror deletes the
    // records whose keys left the query, their Ids looked up by the external id.
    schema.modes = allSyncModes();
    schema.partialUpdates = true;
    for (const QJsonValue& value : describe.value(QStringLiteral("fields")).toArray()) {
        const QJsonObject f = value.toObject();
        FieldSchema field;
        field.name = f.value(QStringLiteral("name")).toString();
        if (field.name.isEmpty())
            continue;
        field.label = f.value(QStringLiteral("label")).toString();
        const QString type = f.value(QStringLiteral("type")).toString();
        field.type = typeOf(type);
        const bool createable = f.value(QStringLiteral("createable")).toBool();
        const bool updateable = f.value(QStringLiteral("updateable")).toBool();
        field.readOnly = (!createable && !updateable) || f.value(QStringLiteral("calculated")).toBool();
        field.required = createable && !f.value(QStringLiteral("nillable")).toBool(true)
            && !f.value(QStringLiteral("defaultedOnCreate")).toBool() && type != QLatin1String("boolean");
        field.identifier = f.value(QStringLiteral("externalId")).toBool() || f.value(QStringLiteral("unique")).toBool()
            || field.name == QLatin1String("Id");
        // Only a restricted picklist refuses a value it does not list.
        if ((field.type == FieldSchema::Type::Enum || field.type == FieldSchema::Type::MultiEnum)
            && f.value(QStringLiteral("restrictedPicklist")).toBool()) {
            for (const QJsonValue& option : f.value(QStringLiteral("picklistValues")).toArray()) {
                if (option.toObject().value(QStringLiteral("active")).toBool(true))
                    field.options << option.toObject().value(QStringLiteral("value")).toString();
            }
        }
        if (field.type == FieldSchema::Type::Enum && field.options.isEmpty())
            field.type = FieldSchema::Type::String; // any text goes
        if (field.type == FieldSchema::Type::String || field.type == FieldSchema::Type::Email)
            field.maxLength = f.value(QStringLiteral("length")).toInt();
        schema.fields << field;
    }
    return schema;
}

} // namespace Ebb
