#include "ZendeskSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

namespace {

FieldSchema builtInField(const char* name, FieldSchema::Type type, bool identifier = false, QStringList options = {})
{
    FieldSchema field;
    field.name = QLatin1String(name);
    field.label = field.name;
    field.type = type;
    field.identifier = identifier;
    field.options = std::move(options);
    return field;
}

} // namespace

bool ZendeskSchema::isBuiltIn(const QString& field)
{
    static const QStringList names{QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("external_id"),
        QStringLiteral("phone"), QStringLiteral("role"), QStringLiteral("notes"), QStringLiteral("details"),
        QStringLiteral("organization_id"), QStringLiteral("time_zone"), QStringLiteral("locale"),
        QStringLiteral("verified"), QStringLiteral("alias")};
    return names.contains(field);
}

DestinationSchema ZendeskSchema::builtIn()
{
    DestinationSchema schema;
    schema.object = QStringLiteral("users");
    schema.maxBatchSize = maxBatchSize;
    schema.modes = {SyncMode::Upsert}; // create_or_update_many
    schema.partialUpdates = true;
    FieldSchema name = builtInField("name", FieldSchema::Type::String);
    name.required = true;
    name.maxLength = 255;
    schema.fields << name << builtInField("email", FieldSchema::Type::Email, true)
                  << builtInField("external_id", FieldSchema::Type::String, true)
                  << builtInField("phone", FieldSchema::Type::String)
                  << builtInField("alias", FieldSchema::Type::String)
                  << builtInField("role", FieldSchema::Type::Enum, false,
                         {QStringLiteral("end-user"), QStringLiteral("agent"), QStringLiteral("admin")})
                  << builtInField("notes", FieldSchema::Type::String)
                  << builtInField("details", FieldSchema::Type::String)
                  << builtInField("organization_id", FieldSchema::Type::Integer)
                  << builtInField("time_zone", FieldSchema::Type::String)
                  << builtInField("locale", FieldSchema::Type::String)
                  << builtInField("verified", FieldSchema::Type::Bool);
    return schema;
}

Result<QString> ZendeskSchema::addUserFields(DestinationSchema& schema, const QByteArray& page)
{
    const QJsonObject answer = QJsonDocument::fromJson(page).object();
    if (!answer.value(QStringLiteral("user_fields")).isArray())
        return Error::config(QStringLiteral("Zendesk's user_fields are not the documented {\"user_fields\": [...]}"));
    for (const QJsonValue& value : answer.value(QStringLiteral("user_fields")).toArray()) {
        const QJsonObject f = value.toObject();
        if (!f.value(QStringLiteral("active")).toBool(true))
            continue;
        FieldSchema field;
        field.name = f.value(QStringLiteral("key")).toString();
        field.label = f.value(QStringLiteral("title")).toString();
        const QString type = f.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("checkbox"))
            field.type = FieldSchema::Type::Bool;
        else if (type == QLatin1String("date"))
            field.type = FieldSchema::Type::Date;
        else if (type == QLatin1String("integer"))
            field.type = FieldSchema::Type::Integer;
        else if (type == QLatin1String("decimal"))
            field.type = FieldSchema::Type::Number;
        else if (type == QLatin1String("dropdown"))
            field.type = FieldSchema::Type::Enum;
        else if (type == QLatin1String("multiselect"))
            field.type = FieldSchema::Type::MultiEnum;
        field.pattern = f.value(QStringLiteral("regexp_for_validation")).toString();
        for (const QJsonValue& option : f.value(QStringLiteral("custom_field_options")).toArray())
            field.options << option.toObject().value(QStringLiteral("value")).toString();
        if (!field.name.isEmpty())
            schema.fields << field;
    }
    return answer.value(QStringLiteral("next_page")).toString();
}

} // namespace Ebb
