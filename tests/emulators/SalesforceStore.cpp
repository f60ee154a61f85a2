#include "SalesforceStore.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace Ebb::Emulators {

namespace {

QJsonObject fieldOf(
    const char* name, const char* type, int length, bool createable, bool nillable, QJsonObject extra = {})
{
    QJsonObject f{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("label"), QLatin1String(name)},
        {QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("length"), length},
        {QStringLiteral("createable"), createable}, {QStringLiteral("updateable"), createable},
        {QStringLiteral("nillable"), nillable}, {QStringLiteral("defaultedOnCreate"), false},
        {QStringLiteral("externalId"), false}, {QStringLiteral("idLookup"), false}, {QStringLiteral("unique"), false},
        {QStringLiteral("calculated"), false}, {QStringLiteral("restrictedPicklist"), false},
        {QStringLiteral("picklistValues"), QJsonArray()}, {QStringLiteral("referenceTo"), QJsonArray()}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        f.insert(it.key(), it.value());
    return f;
}

QJsonObject picklist(const QStringList& values, bool restricted)
{
    QJsonArray list;
    for (const QString& v : values)
        list.append(QJsonObject{{QStringLiteral("active"), true}, {QStringLiteral("value"), v},
            {QStringLiteral("label"), v}, {QStringLiteral("defaultValue"), false}});
    return {{QStringLiteral("picklistValues"), list}, {QStringLiteral("restrictedPicklist"), restricted}};
}

QJsonObject error(const QString& code, const QString& message, const QString& field = {})
{
    return {{QStringLiteral("statusCode"), code}, {QStringLiteral("message"), message},
        {QStringLiteral("fields"), field.isEmpty() ? QJsonArray() : QJsonArray{field}}};
}

// More than a collection's 200 records (or ids): the whole request is refused.
SalesforceStore::Answer tooMany()
{
    return {400,
        QJsonDocument(QJsonArray{QJsonObject{
                          {QStringLiteral("message"), QStringLiteral("Maximum number of records exceeded: 200")},
                          {QStringLiteral("errorCode"), QStringLiteral("EXCEEDED_ID_LIMIT")}}})
            .toJson(QJsonDocument::Compact)};
}

bool isEmail(const QString& text)
{
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}\z)"));
    return email.match(text).hasMatch();
}

} // namespace

SalesforceStore::SalesforceStore()
{
    m_fields.insert(QStringLiteral("Contact"),
        QJsonArray{fieldOf("Id", "id", 18, false, false,
                       {{QStringLiteral("defaultedOnCreate"), true}, {QStringLiteral("idLookup"), true}}),
            fieldOf("LastName", "string", 80, true, false), fieldOf("FirstName", "string", 40, true, true),
            fieldOf("Email", "email", 80, true, true, {{QStringLiteral("idLookup"), true}}),
            fieldOf("Phone", "phone", 40, true, true),
            fieldOf("LeadSource", "picklist", 255, true, true,
                picklist({QStringLiteral("Web"), QStringLiteral("Partner Referral"), QStringLiteral("Other")}, false)),
            fieldOf("Level__c", "picklist", 255, true, true,
                picklist({QStringLiteral("Primary"), QStringLiteral("Secondary"), QStringLiteral("Tertiary")}, true)),
            fieldOf("Interests__c", "multipicklist", 4099, true, true,
                picklist({QStringLiteral("analytics"), QStringLiteral("billing"), QStringLiteral("support")}, true)),
            fieldOf("Score__c", "double", 0, true, true), fieldOf("Employees__c", "int", 0, true, true),
            fieldOf("Active__c", "boolean", 0, true, false, {{QStringLiteral("defaultedOnCreate"), true}}),
            fieldOf("Birthdate", "date", 0, true, true), fieldOf("LastSeen__c", "datetime", 0, true, true),
            fieldOf("Customer_Id__c", "string", 40, true, true,
                {{QStringLiteral("externalId"), true}, {QStringLiteral("unique"), true},
                    {QStringLiteral("idLookup"), true}}),
            fieldOf("CreatedDate", "datetime", 0, false, false, {{QStringLiteral("defaultedOnCreate"), true}})});
    m_fields.insert(QStringLiteral("Account"),
        QJsonArray{fieldOf("Id", "id", 18, false, false,
                       {{QStringLiteral("defaultedOnCreate"), true}, {QStringLiteral("idLookup"), true}}),
            fieldOf("Name", "string", 255, true, false),
            fieldOf("Account_Id__c", "string", 40, true, true,
                {{QStringLiteral("externalId"), true}, {QStringLiteral("unique"), true}}),
            fieldOf("AnnualRevenue", "currency", 0, true, true)});
}

QByteArray SalesforceStore::describe(const QString& object) const
{
    if (!m_fields.contains(object))
        return {};
    return QJsonDocument(QJsonObject{{QStringLiteral("name"), object}, {QStringLiteral("label"), object},
                             {QStringLiteral("createable"), true}, {QStringLiteral("updateable"), true},
                             {QStringLiteral("fields"), m_fields.value(object)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray SalesforceStore::sobjects() const
{
    QJsonArray list;
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it)
        list.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("createable"), true},
            {QStringLiteral("updateable"), true}});
    return QJsonDocument(QJsonObject{{QStringLiteral("sobjects"), list}}).toJson(QJsonDocument::Compact);
}

QJsonObject SalesforceStore::field(const QString& object, const QString& name) const
{
    for (const QJsonValue& f : m_fields.value(object)) {
        if (f.toObject().value(QStringLiteral("name")).toString() == name)
            return f.toObject();
    }
    return {};
}

QJsonObject SalesforceStore::find(const QString& object, const QString& fieldName, const QJsonValue& value) const
{
    const auto& records = m_records[object];
    for (auto it = records.begin(); it != records.end(); ++it) {
        if (it.value().value(fieldName) == value)
            return it.value();
    }
    return {};
}

QJsonArray SalesforceStore::problems(const QString& object, const QJsonObject& record, bool creating) const
{
    QJsonArray errors;
    for (auto it = record.begin(); it != record.end(); ++it) {
        const QString& name = it.key();
        if (name == QLatin1String("attributes") || name == QLatin1String("Id"))
            continue;
        const QJsonObject f = field(object, name);
        if (f.isEmpty()) {
            errors.append(error(QStringLiteral("INVALID_FIELD"),
                QStringLiteral("No such column '%1' on sobject of type %2").arg(name, object), name));
            continue;
        }
        if (!f.value(creating ? QStringLiteral("createable") : QStringLiteral("updateable")).toBool()) {
            errors.append(error(QStringLiteral("INVALID_FIELD_FOR_INSERT_UPDATE"),
                QStringLiteral("Unable to create/update fields: %1.").arg(name), name));
            continue;
        }
        const QJsonValue v = it.value();
        if (v.isNull()) {
            if (!f.value(QStringLiteral("nillable")).toBool()
                && f.value(QStringLiteral("type")).toString() != QLatin1String("boolean"))
                errors.append(error(QStringLiteral("REQUIRED_FIELD_MISSING"),
                    QStringLiteral("Required fields are missing: [%1]").arg(name), name));
            continue;
        }
        const QString type = f.value(QStringLiteral("type")).toString();
        const auto typeError = [&] {
            errors.append(error(QStringLiteral("INVALID_TYPE_ON_FIELD_IN_RECORD"),
                QStringLiteral("%1: value not of required type: %2")
                    .arg(name,
                        v.isString() ? v.toString()
                                     : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))),
                name));
        };
        if (type == QLatin1String("boolean")) {
            if (!v.isBool())
                typeError();
        } else if (type == QLatin1String("int") || type == QLatin1String("double") || type == QLatin1String("currency")
            || type == QLatin1String("percent")) {
            if (!v.isDouble() || (type == QLatin1String("int") && v.toDouble() != std::floor(v.toDouble())))
                typeError();
        } else if (type == QLatin1String("date")) {
            if (!v.isString() || v.toString().size() != 10 || !QDate::fromString(v.toString(), Qt::ISODate).isValid())
                typeError();
        } else if (type == QLatin1String("datetime")) {
            if (!v.isString() || !QDateTime::fromString(v.toString(), Qt::ISODateWithMs).isValid())
                typeError();
        } else if (!v.isString()) {
            typeError();
        } else {
            const QString text = v.toString();
            const int length = f.value(QStringLiteral("length")).toInt();
            if (length > 0 && text.size() > length)
                errors.append(error(QStringLiteral("STRING_TOO_LONG"),
                    QStringLiteral("%1: data value too large: %2 (max length=%3)").arg(name, text.left(20)).arg(length),
                    name));
            else if (type == QLatin1String("email") && !isEmail(text))
                errors.append(error(QStringLiteral("INVALID_EMAIL_ADDRESS"),
                    QStringLiteral("%1: invalid email address: %2").arg(name, text), name));
            else if ((type == QLatin1String("picklist") || type == QLatin1String("multipicklist"))
                && f.value(QStringLiteral("restrictedPicklist")).toBool()) {
                QStringList allowed;
                for (const QJsonValue& o : f.value(QStringLiteral("picklistValues")).toArray())
                    allowed << o.toObject().value(QStringLiteral("value")).toString();
                const QStringList chosen
                    = type == QLatin1String("multipicklist") ? text.split(QLatin1Char(';')) : QStringList{text};
                for (const QString& c : chosen) {
                    if (!allowed.contains(c)) {
                        errors.append(error(QStringLiteral("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"),
                            QStringLiteral("%1: bad value for restricted picklist field: %2").arg(name, c), name));
                        break;
                    }
                }
            }
        }
    }
    if (creating) {
        for (const QJsonValue& value : m_fields.value(object)) {
            const QJsonObject f = value.toObject();
            const QString name = f.value(QStringLiteral("name")).toString();
            if (f.value(QStringLiteral("createable")).toBool() && !f.value(QStringLiteral("nillable")).toBool()
                && !f.value(QStringLiteral("defaultedOnCreate")).toBool() && !record.contains(name))
                errors.append(error(QStringLiteral("REQUIRED_FIELD_MISSING"),
                    QStringLiteral("Required fields are missing: [%1]").arg(name), name));
        }
    }
    return errors;
}

SalesforceStore::Answer SalesforceStore::write(
    const QString& object, const QByteArray& method, const QString& externalId, const QByteArray& body)
{
    const QJsonArray records = QJsonDocument::fromJson(body).object().value(QStringLiteral("records")).toArray();
    if (records.size() > 200)
        return tooMany();
    QJsonArray results;
    for (const QJsonValue& value : records) {
        QJsonObject record = value.toObject();
        const QString type
            = record.value(QStringLiteral("attributes")).toObject().value(QStringLiteral("type")).toString();
        record.remove(QStringLiteral("attributes"));
        results.append(writeRecord(type.isEmpty() ? object : type, method, externalId, record));
    }
    return {200, QJsonDocument(results).toJson(QJsonDocument::Compact)};
}

QJsonObject SalesforceStore::writeRecord(
    const QString& target, const QByteArray& method, const QString& externalId, const QJsonObject& record)
{
    QString id;
    bool creating = method == "POST";
    if (!externalId.isEmpty()) {
        if (!record.contains(externalId) || record.value(externalId).isNull())
            return QJsonObject{{QStringLiteral("success"), false},
                {QStringLiteral("errors"),
                    QJsonArray{error(QStringLiteral("MISSING_ARGUMENT"),
                        QStringLiteral("%1 not specified").arg(externalId), externalId)}}};
        const QJsonObject existing = find(target, externalId, record.value(externalId));
        id = existing.value(QStringLiteral("Id")).toString();
        creating = id.isEmpty();
    } else if (method == "PATCH") {
        id = record.value(QStringLiteral("Id")).toString();
        if (!m_records[target].contains(id))
            return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("success"), false},
                {QStringLiteral("errors"),
                    QJsonArray{error(QStringLiteral("ENTITY_IS_DELETED"), QStringLiteral("entity is deleted"))}}};
    }
    QJsonArray errors = problems(target, record, creating);
    // A unique field's value taken by another record.
    for (const QJsonValue& f : m_fields.value(target)) {
        const QString name = f.toObject().value(QStringLiteral("name")).toString();
        if (!f.toObject().value(QStringLiteral("unique")).toBool() || !record.contains(name))
            continue;
        const QJsonObject other = find(target, name, record.value(name));
        if (!other.isEmpty() && other.value(QStringLiteral("Id")).toString() != id)
            errors.append(error(QStringLiteral("DUPLICATE_VALUE"),
                QStringLiteral("duplicate value found: %1 duplicates value on record with id: %2")
                    .arg(name, other.value(QStringLiteral("Id")).toString()),
                name));
    }
    if (!errors.isEmpty())
        return QJsonObject{{QStringLiteral("success"), false}, {QStringLiteral("errors"), errors}};
    if (creating)
        id = QStringLiteral("003EMU%1").arg(m_next++, 12, 10, QLatin1Char('0'));
    QJsonObject& stored = m_records[target][id];
    for (auto it = record.begin(); it != record.end(); ++it)
        stored.insert(it.key(), it.value());
    stored.insert(QStringLiteral("Id"), id);
    QJsonObject result{
        {QStringLiteral("id"), id}, {QStringLiteral("success"), true}, {QStringLiteral("errors"), QJsonArray()}};
    if (!externalId.isEmpty())
        result.insert(QStringLiteral("created"), creating);
    return result;
}

QJsonObject SalesforceStore::removeRecord(const QString& id)
{
    for (auto& records : m_records) {
        if (records.remove(id))
            return {{QStringLiteral("id"), id}, {QStringLiteral("success"), true},
                {QStringLiteral("errors"), QJsonArray()}};
    }
    return {{QStringLiteral("id"), id}, {QStringLiteral("success"), false},
        {QStringLiteral("errors"),
            QJsonArray{error(QStringLiteral("ENTITY_IS_DELETED"), QStringLiteral("entity is deleted"))}}};
}

SalesforceStore::Answer SalesforceStore::remove(const QStringList& ids)
{
    if (ids.size() > 200)
        return tooMany();
    QJsonArray results;
    for (const QString& id : ids)
        results.append(removeRecord(id));
    return {200, QJsonDocument(results).toJson(QJsonDocument::Compact)};
}

SalesforceStore::Answer SalesforceStore::query(const QString& soql) const
{
    // The one form a connector asks: SELECT Id, F FROM O WHERE F IN ('a','b')
    static const QRegularExpression form(
        QStringLiteral(R"(^SELECT\s+Id\s*,\s*(\w+)\s+FROM\s+(\w+)\s+WHERE\s+(\w+)\s+IN\s*\((.*)\)\s*$)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const auto m = form.match(soql);
    if (!m.hasMatch() || m.captured(1) != m.captured(3) || !m_fields.contains(m.captured(2))
        || field(m.captured(2), m.captured(1)).isEmpty())
        return {400,
            QJsonDocument(QJsonArray{QJsonObject{{QStringLiteral("message"), QStringLiteral("unexpected token")},
                              {QStringLiteral("errorCode"), QStringLiteral("MALFORMED_QUERY")}}})
                .toJson(QJsonDocument::Compact)};
    static const QRegularExpression literal(QStringLiteral(R"('((?:[^'\\]|\\.)*)')"));
    QSet<QString> wanted;
    for (auto it = literal.globalMatch(m.captured(4)); it.hasNext();) {
        QString value = it.next().captured(1);
        static const QRegularExpression escape(QStringLiteral(R"(\\(.))"));
        wanted.insert(value.replace(escape, QStringLiteral("\\1")));
    }
    const QString object = m.captured(2);
    const QString name = m.captured(1);
    QJsonArray found;
    for (const QJsonObject& record : m_records.value(object)) {
        if (!wanted.contains(record.value(name).toVariant().toString()))
            continue;
        found.append(QJsonObject{{QStringLiteral("attributes"), QJsonObject{{QStringLiteral("type"), object}}},
            {QStringLiteral("Id"), record.value(QStringLiteral("Id"))}, {name, record.value(name)}});
    }
    return {200,
        QJsonDocument(QJsonObject{{QStringLiteral("totalSize"), found.size()}, {QStringLiteral("done"), true},
                          {QStringLiteral("records"), found}})
            .toJson(QJsonDocument::Compact)};
}

} // namespace Ebb::Emulators
