#include "HubSpotStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Ebb::Emulators {

namespace {

QJsonObject prop(const char* name, const char* type, const char* fieldType, QJsonObject extra = {})
{
    QJsonObject p{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("label"), QLatin1String(name)},
        {QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("fieldType"), QLatin1String(fieldType)},
        {QStringLiteral("groupName"), QStringLiteral("contactinformation")}, {QStringLiteral("description"), QString()},
        {QStringLiteral("options"), QJsonArray()}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        p.insert(it.key(), it.value());
    return p;
}

QJsonObject options(const QStringList& values)
{
    QJsonArray list;
    int order = 0;
    for (const QString& v : values)
        list.append(QJsonObject{{QStringLiteral("label"), v}, {QStringLiteral("value"), v},
            {QStringLiteral("hidden"), false}, {QStringLiteral("displayOrder"), order++}});
    return {{QStringLiteral("options"), list}};
}

QJsonObject readOnly()
{
    return {{QStringLiteral("modificationMetadata"),
        QJsonObject{{QStringLiteral("readOnlyValue"), true}, {QStringLiteral("archivable"), true},
            {QStringLiteral("readOnlyDefinition"), true}}}};
}

QJsonObject unique()
{
    return {{QStringLiteral("hasUniqueValue"), true}};
}

QJsonArray contactProperties()
{
    return {prop("email", "string", "text"), prop("firstname", "string", "text"), prop("lastname", "string", "text"),
        prop("company", "string", "text"), prop("phone", "phone_number", "phonenumber"),
        prop("country", "string", "text"), prop("customer_id", "string", "text", unique()),
        prop("lifecyclestage", "enumeration", "radio",
            options({QStringLiteral("subscriber"), QStringLiteral("lead"), QStringLiteral("marketingqualifiedlead"),
                QStringLiteral("salesqualifiedlead"), QStringLiteral("opportunity"), QStringLiteral("customer"),
                QStringLiteral("evangelist"), QStringLiteral("other")})),
        prop("plan", "enumeration", "select",
            options({QStringLiteral("free"), QStringLiteral("starter"), QStringLiteral("pro"),
                QStringLiteral("enterprise")})),
        prop("interests", "enumeration", "checkbox",
            options({QStringLiteral("analytics"), QStringLiteral("billing"), QStringLiteral("support")})),
        prop("lead_score", "number", "number"), prop("lifetime_value", "number", "number"),
        prop("is_active", "bool", "booleancheckbox", options({QStringLiteral("true"), QStringLiteral("false")})),
        prop("signup_date", "date", "date"), prop("last_seen", "datetime", "date"),
        prop("hs_object_id", "number", "number", readOnly()), prop("createdate", "datetime", "date", readOnly()),
        prop("lastmodifieddate", "datetime", "date", readOnly())};
}

QJsonArray companyProperties()
{
    return {prop("name", "string", "text"), prop("domain", "string", "text"),
        prop("company_id", "string", "text", unique()),
        prop("industry", "enumeration", "select",
            options({QStringLiteral("SOFTWARE"), QStringLiteral("RETAIL"), QStringLiteral("FINANCE")})),
        prop("numberofemployees", "number", "number"), prop("annualrevenue", "number", "number"),
        prop("hs_object_id", "number", "number", readOnly()), prop("createdate", "datetime", "date", readOnly())};
}

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// A StandardError (docs/API-CONTRACTS.md).
QJsonObject standardError(
    const QString& category, const QString& message, const QJsonArray& errors = {}, const QJsonObject& context = {})
{
    QJsonObject error{{QStringLiteral("status"), QStringLiteral("error")}, {QStringLiteral("category"), category},
        {QStringLiteral("message"), message}, {QStringLiteral("correlationId"), QStringLiteral("emulated")}};
    if (!errors.isEmpty())
        error.insert(QStringLiteral("errors"), errors);
    if (!context.isEmpty())
        error.insert(QStringLiteral("context"), context);
    return error;
}

bool isEmail(const QString& text)
{
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}\z)"));
    return email.match(text).hasMatch();
}

} // namespace

HubSpotStore::HubSpotStore()
{
    defineObject(QStringLiteral("contacts"), contactProperties());
    defineObject(QStringLiteral("companies"), companyProperties());
}

HubSpotStore::Answer HubSpotStore::unknownObject(const QString& object)
{
    return {404,
        json(standardError(
            QStringLiteral("OBJECT_NOT_FOUND"), QStringLiteral("Unable to infer object type from: %1").arg(object)))};
}

void HubSpotStore::defineObject(const QString& object, const QJsonArray& properties, bool custom)
{
    m_properties.insert(object, properties);
    if (custom && !m_custom.contains(object))
        m_custom << object;
}

QByteArray HubSpotStore::propertiesJson(const QString& object) const
{
    return json({{QStringLiteral("results"), m_properties.value(object)}});
}

QByteArray HubSpotStore::schemasJson() const
{
    QJsonArray results;
    for (const QString& object : m_custom)
        results.append(QJsonObject{{QStringLiteral("name"), object}, {QStringLiteral("fullyQualifiedName"), object},
            {QStringLiteral("objectTypeId"), QStringLiteral("2-%1").arg(qHash(object) % 100000)},
            {QStringLiteral("properties"), m_properties.value(object)}});
    return json({{QStringLiteral("results"), results}});
}

QJsonObject HubSpotStore::property(const QString& object, const QString& name) const
{
    for (const QJsonValue& p : m_properties.value(object)) {
        if (p.toObject().value(QStringLiteral("name")).toString() == name)
            return p.toObject();
    }
    return {};
}

QStringList HubSpotStore::uniqueProperties(const QString& object) const
{
    QStringList names;
    if (object == QLatin1String("contacts"))
        names << QStringLiteral("email");
    for (const QJsonValue& p : m_properties.value(object)) {
        if (p.toObject().value(QStringLiteral("hasUniqueValue")).toBool())
            names << p.toObject().value(QStringLiteral("name")).toString();
    }
    return names;
}

QPair<QString, QString> HubSpotStore::invalid(const QString& object, const QString& name, const QJsonValue& given) const
{
    const QJsonObject p = property(object, name);
    if (p.isEmpty())
        return {QStringLiteral("PROPERTY_DOESNT_EXIST"), QStringLiteral("Property \"%1\" does not exist").arg(name)};
    if (p.value(QStringLiteral("modificationMetadata")).toObject().value(QStringLiteral("readOnlyValue")).toBool()
        || p.value(QStringLiteral("calculated")).toBool())
        return {QStringLiteral("READ_ONLY_VALUE"),
            QStringLiteral("\"%1\" is a read only property; its value cannot be set.").arg(name)};
    // Values are strings; HubSpot also takes JSON numbers and booleans as their text.
    const QString value = given.isString() ? given.toString()
        : given.isBool()                   ? (given.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
        : given.isDouble()                 ? QString::number(given.toDouble(), 'g', 17)
                                           : QString();
    if (!given.isString() && !given.isBool() && !given.isDouble() && !given.isNull())
        return {QStringLiteral("INVALID_VALUE"),
            QStringLiteral("%1 is not a valid value for %2")
                .arg(QString::fromUtf8(QJsonDocument(QJsonArray{given}).toJson(QJsonDocument::Compact)), name)};
    if (value.isEmpty())
        return {}; // "" clears
    const QString type = p.value(QStringLiteral("type")).toString();
    const QString fieldType = p.value(QStringLiteral("fieldType")).toString();
    if (type == QLatin1String("number")) {
        static const QRegularExpression number(QStringLiteral(R"(^-?\d+(\.\d+)?\z)"));
        if (!number.match(value).hasMatch())
            return {QStringLiteral("INVALID_LONG"), QStringLiteral("%1 was not a valid long.").arg(value)};
    } else if (type == QLatin1String("bool")) {
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return {QStringLiteral("INVALID_BOOLEAN"), QStringLiteral("%1 was not a valid boolean.").arg(value)};
    } else if (type == QLatin1String("enumeration")) {
        QStringList allowed;
        for (const QJsonValue& o : p.value(QStringLiteral("options")).toArray())
            allowed << o.toObject().value(QStringLiteral("value")).toString();
        const QStringList chosen
            = fieldType == QLatin1String("checkbox") ? value.split(QLatin1Char(';')) : QStringList{value};
        for (const QString& c : chosen) {
            if (!allowed.contains(c))
                return {QStringLiteral("INVALID_OPTION"),
                    QStringLiteral("%1 was not one of the allowed options: [%2]")
                        .arg(c, allowed.join(QStringLiteral(", ")))};
        }
    } else if (type == QLatin1String("date")) {
        static const QRegularExpression digits(QStringLiteral(R"(^\d+\z)"));
        if (digits.match(value).hasMatch()) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
            if (at.time() != QTime(0, 0))
                return {QStringLiteral("INVALID_DATE"),
                    QStringLiteral("%1 is at %2 UTC, not midnight!")
                        .arg(value, at.time().toString(QStringLiteral("HH:mm:ss.z")))};
        } else if (value.size() != 10 || !QDate::fromString(value, Qt::ISODate).isValid()) {
            return {QStringLiteral("INVALID_DATE"), QStringLiteral("%1 is not a valid date").arg(value)};
        }
    } else if (type == QLatin1String("datetime")) {
        static const QRegularExpression digits(QStringLiteral(R"(^\d+\z)"));
        if (!digits.match(value).hasMatch() && !QDateTime::fromString(value, Qt::ISODateWithMs).isValid()
            && !QDate::fromString(value, Qt::ISODate).isValid())
            return {QStringLiteral("INVALID_DATETIME"), QStringLiteral("%1 is not a valid datetime").arg(value)};
    } else if (value.size() > 65536) {
        return {QStringLiteral("INVALID_STRING"), QStringLiteral("%1 is longer than 65536 characters").arg(name)};
    }
    if (object == QLatin1String("contacts") && name == QLatin1String("email") && !isEmail(value))
        return {QStringLiteral("INVALID_EMAIL"), QStringLiteral("Email address %1 is invalid").arg(value)};
    return {};
}

QString HubSpotStore::indexKey(const QString& property, const QString& value)
{
    // HubSpot compares emails case-insensitively.
    return property == QLatin1String("email") ? value.toLower() : value;
}

QString HubSpotStore::idOf(const QString& object, const QString& idProperty, const QString& id) const
{
    if (idProperty.isEmpty() || idProperty == QLatin1String("hs_object_id"))
        return m_records.value(object).contains(id) ? id : QString();
    if (uniqueProperties(object).contains(idProperty))
        return m_unique.value(object).value(idProperty).value(indexKey(idProperty, id));
    const auto& records = m_records[object];
    for (auto it = records.begin(); it != records.end(); ++it) {
        if (it.value().value(idProperty).toString() == id)
            return it.key();
    }
    return {};
}

QJsonObject HubSpotStore::find(const QString& object, const QString& property, const QString& value) const
{
    const QString id = idOf(object, property, value);
    return id.isEmpty() ? QJsonObject() : m_records.value(object).value(id);
}

void HubSpotStore::write(const QString& object, const QString& id, const QJsonObject& properties)
{
    QJsonObject& record = m_records[object][id];
    // The unique properties' index follows their values.
    for (const QString& unique : uniqueProperties(object)) {
        if (!properties.contains(unique))
            continue;
        auto& index = m_unique[object][unique];
        const QString before = record.value(unique).toString();
        if (!before.isEmpty())
            index.remove(indexKey(unique, before));
        const QString after = properties.value(unique).toString();
        if (!after.isEmpty())
            index.insert(indexKey(unique, after), id);
    }
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonValue v = it.value();
        record.insert(it.key(),
            v.isString()       ? v.toString()
                : v.isBool()   ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                : v.isDouble() ? QString::number(v.toDouble(), 'g', 17)
                               : QString());
    }
    record.insert(QStringLiteral("hs_object_id"), id);
    record.insert(QStringLiteral("lastmodifieddate"), nowIso());
    if (!record.contains(QStringLiteral("createdate")))
        record.insert(QStringLiteral("createdate"), nowIso());
    ++m_writes;
}

QJsonObject HubSpotStore::result(const QString& object, const QString& id, const QJsonObject& input) const
{
    const QJsonObject record = m_records.value(object).value(id);
    QJsonObject result{{QStringLiteral("id"), id}, {QStringLiteral("properties"), record},
        {QStringLiteral("createdAt"), record.value(QStringLiteral("createdate"))},
        {QStringLiteral("updatedAt"), record.value(QStringLiteral("lastmodifieddate"))},
        {QStringLiteral("archived"), false}};
    if (input.contains(QStringLiteral("objectWriteTraceId")))
        result.insert(QStringLiteral("objectWriteTraceId"), input.value(QStringLiteral("objectWriteTraceId")));
    return result;
}

HubSpotStore::Answer HubSpotStore::batch(const QString& object, const QString& operation, const QByteArray& body)
{
    const QString started = nowIso();
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonArray inputs = document.object().value(QStringLiteral("inputs")).toArray();
    if (!document.isObject() || !document.object().value(QStringLiteral("inputs")).isArray())
        return {400,
            json(standardError(QStringLiteral("VALIDATION_ERROR"),
                QStringLiteral("Invalid input JSON: expected {\"inputs\": [...]}")))};
    if (inputs.size() > 100)
        return {400,
            json(standardError(QStringLiteral("VALIDATION_ERROR"),
                QStringLiteral("The maximum number of inputs supported in a batch is 100. Received %1")
                    .arg(inputs.size())))};
    if (operation == QLatin1String("read")) {
        // By HubSpot's id, or by a unique property ("idProperty" in the body); the records
        // not found are a 207's errors.
        const QString idProperty = document.object().value(QStringLiteral("idProperty")).toString();
        QJsonArray results;
        QJsonArray missing;
        for (const QJsonValue& input : inputs) {
            const QString given = input.toObject().value(QStringLiteral("id")).toString();
            const QString id = idOf(object, idProperty, given);
            if (id.isEmpty())
                missing.append(given);
            else
                results.append(result(object, id, {}));
        }
        QJsonObject answer{{QStringLiteral("status"), QStringLiteral("COMPLETE")}, {QStringLiteral("results"), results},
            {QStringLiteral("startedAt"), started}, {QStringLiteral("completedAt"), nowIso()}};
        if (missing.isEmpty())
            return {200, json(answer)};
        answer.insert(QStringLiteral("numErrors"), 1);
        answer.insert(QStringLiteral("errors"),
            QJsonArray{standardError(QStringLiteral("OBJECT_NOT_FOUND"),
                QStringLiteral("Could not get some %1 objects, they may be deleted or not exist.").arg(object), {},
                {{QStringLiteral("ids"), missing}})});
        return {207, json(answer)};
    }
    if (operation == QLatin1String("archive")) {
        for (const QJsonValue& input : inputs) {
            const QString id = input.toObject().value(QStringLiteral("id")).toString();
            const QJsonObject record = m_records[object].take(id);
            for (const QString& unique : uniqueProperties(object))
                m_unique[object][unique].remove(indexKey(unique, record.value(unique).toString()));
        }
        return {204, {}};
    }
    // Every input is checked first: one invalid input refuses the batch, nothing is written.
    QJsonArray problems;
    for (int i = 0; i < inputs.size(); ++i) {
        const QJsonObject input = inputs[i].toObject();
        const QJsonObject properties = input.value(QStringLiteral("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const auto [code, message] = invalid(object, it.key(), it.value());
            if (!code.isEmpty())
                problems.append(QJsonObject{{QStringLiteral("message"), message}, {QStringLiteral("code"), code},
                    {QStringLiteral("context"), QJsonObject{{QStringLiteral("propertyName"), QJsonArray{it.key()}}}}});
        }
        if (operation == QLatin1String("upsert")) {
            const QString idProperty = input.value(QStringLiteral("idProperty")).toString();
            if (!uniqueProperties(object).contains(idProperty))
                problems.append(
                    QJsonObject{{QStringLiteral("message"),
                                    QStringLiteral("%1 is not a unique property of %2").arg(idProperty, object)},
                        {QStringLiteral("code"), QStringLiteral("INVALID_ID_PROPERTY")}});
            else if (idProperty == QLatin1String("email") && object == QLatin1String("contacts")
                && !isEmail(input.value(QStringLiteral("id")).toString()))
                problems.append(QJsonObject{{QStringLiteral("message"),
                                                QStringLiteral("Email address %1 is invalid")
                                                    .arg(input.value(QStringLiteral("id")).toString())},
                    {QStringLiteral("code"), QStringLiteral("INVALID_EMAIL")}});
        }
    }
    if (!problems.isEmpty()) {
        QStringList messages;
        for (const QJsonValue& p : problems)
            messages << p.toObject().value(QStringLiteral("message")).toString();
        return {400,
            json(standardError(QStringLiteral("VALIDATION_ERROR"),
                QStringLiteral("Property values were not valid: %1").arg(messages.join(QStringLiteral("; "))),
                problems))};
    }
    if (operation == QLatin1String("create")) {
        // A unique value that exists already (or twice in the batch) refuses the batch.
        for (const QString& u : uniqueProperties(object)) {
            QSet<QString> seen;
            for (const QJsonValue& input : inputs) {
                const QString value
                    = input.toObject().value(QStringLiteral("properties")).toObject().value(u).toString();
                if (value.isEmpty())
                    continue;
                const QString existing = idOf(object, u, value);
                if (!existing.isEmpty() || seen.contains(value.toLower()))
                    return {409,
                        json(standardError(QStringLiteral("CONFLICT"),
                            QStringLiteral("Object already exists. Existing ID: %1").arg(existing)))};
                seen.insert(value.toLower());
            }
        }
    }
    QJsonArray results;
    QJsonArray errors;
    for (const QJsonValue& value : inputs) {
        const QJsonObject input = value.toObject();
        const QJsonObject properties = input.value(QStringLiteral("properties")).toObject();
        QString id;
        bool created = false;
        if (operation == QLatin1String("create")) {
            id = QString::number(m_nextId++);
            created = true;
        } else {
            const QString given = input.value(QStringLiteral("id")).toString();
            const QString idProperty = input.value(QStringLiteral("idProperty")).toString();
            id = idOf(object, idProperty, given);
            if (id.isEmpty() && operation == QLatin1String("upsert")) {
                id = QString::number(m_nextId++);
                created = true;
                QJsonObject withId = properties;
                withId.insert(idProperty, given);
                write(object, id, withId);
                QJsonObject r = result(object, id, input);
                r.insert(QStringLiteral("new"), true);
                results.append(r);
                continue;
            }
            if (id.isEmpty()) {
                QJsonObject context{{QStringLiteral("ids"), QJsonArray{given}}};
                if (input.contains(QStringLiteral("objectWriteTraceId")))
                    context.insert(QStringLiteral("objectWriteTraceId"),
                        QJsonArray{input.value(QStringLiteral("objectWriteTraceId"))});
                errors.append(standardError(QStringLiteral("OBJECT_NOT_FOUND"),
                    QStringLiteral(
                        "Could not get some %1 objects, they may be deleted or not exist. Check that ids are valid.")
                        .arg(object),
                    {}, context));
                continue;
            }
        }
        write(object, id, properties);
        QJsonObject r = result(object, id, input);
        if (operation == QLatin1String("upsert"))
            r.insert(QStringLiteral("new"), created);
        results.append(r);
    }
    QJsonObject answer{{QStringLiteral("status"), QStringLiteral("COMPLETE")}, {QStringLiteral("results"), results},
        {QStringLiteral("startedAt"), started}, {QStringLiteral("completedAt"), nowIso()}};
    if (!errors.isEmpty()) {
        answer.insert(QStringLiteral("numErrors"), errors.size());
        answer.insert(QStringLiteral("errors"), errors);
        return {207, json(answer)};
    }
    return {operation == QLatin1String("create") ? 201 : 200, json(answer)};
}

} // namespace Ebb::Emulators
