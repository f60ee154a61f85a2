#include "ZendeskStore.h"

#include <QDate>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Ebb::Emulators {

namespace {

QJsonObject userField(const char* key, const char* type, QJsonObject extra = {})
{
    QJsonObject f{{QStringLiteral("key"), QLatin1String(key)}, {QStringLiteral("type"), QLatin1String(type)},
        {QStringLiteral("title"), QLatin1String(key)}, {QStringLiteral("active"), true}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        f.insert(it.key(), it.value());
    return f;
}

bool isEmail(const QString& text)
{
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}\z)"));
    return email.match(text).hasMatch();
}

} // namespace

ZendeskStore::ZendeskStore()
{
    QJsonArray plans;
    for (const char* v : {"free", "starter", "pro", "enterprise"})
        plans.append(
            QJsonObject{{QStringLiteral("name"), QLatin1String(v)}, {QStringLiteral("value"), QLatin1String(v)}});
    m_fields = QJsonArray{userField("plan", "dropdown", {{QStringLiteral("custom_field_options"), plans}}),
        userField("vip", "checkbox"), userField("signup", "date"), userField("seats", "integer"),
        userField("ltv", "decimal"),
        userField(
            "account_code", "regexp", {{QStringLiteral("regexp_for_validation"), QStringLiteral("^[A-Z]{3}-\\d+$")}})};
}

QByteArray ZendeskStore::userFields() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("user_fields"), m_fields},
                             {QStringLiteral("next_page"), QJsonValue()}, {QStringLiteral("count"), m_fields.size()}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject ZendeskStore::findByEmail(const QString& email) const
{
    for (const QJsonObject& user : m_users) {
        if (user.value(QStringLiteral("email")).toString().compare(email, Qt::CaseInsensitive) == 0)
            return user;
    }
    return {};
}

bool ZendeskStore::edit(const QString& email, const QJsonObject& attributes)
{
    for (QJsonObject& user : m_users) {
        if (user.value(QStringLiteral("email")).toString().compare(email, Qt::CaseInsensitive) != 0)
            continue;
        for (auto it = attributes.begin(); it != attributes.end(); ++it) {
            if (it.key() == QLatin1String("user_fields")) {
                QJsonObject custom = user.value(QStringLiteral("user_fields")).toObject();
                const QJsonObject given = it.value().toObject();
                for (auto c = given.begin(); c != given.end(); ++c)
                    custom.insert(c.key(), c.value());
                user.insert(QStringLiteral("user_fields"), custom);
            } else {
                user.insert(it.key(), it.value());
            }
        }
        return true;
    }
    return false;
}

QString ZendeskStore::invalid(const QJsonObject& user) const
{
    const QString email = user.value(QStringLiteral("email")).toString();
    if (user.contains(QStringLiteral("email")) && !user.value(QStringLiteral("email")).isNull() && !isEmail(email))
        return QStringLiteral("Email: %1 is not properly formatted").arg(email);
    const QJsonObject custom = user.value(QStringLiteral("user_fields")).toObject();
    for (auto it = custom.begin(); it != custom.end(); ++it) {
        if (it.value().isNull())
            continue;
        QJsonObject field;
        for (const QJsonValue& f : m_fields) {
            if (f.toObject().value(QStringLiteral("key")).toString() == it.key())
                field = f.toObject();
        }
        if (field.isEmpty())
            return QStringLiteral("%1: is not a user field").arg(it.key());
        const QString type = field.value(QStringLiteral("type")).toString();
        const QJsonValue v = it.value();
        const QString text = v.isString() ? v.toString() : QString();
        bool ok = true;
        if (type == QLatin1String("checkbox"))
            ok = v.isBool();
        else if (type == QLatin1String("integer"))
            ok = v.isDouble() && v.toDouble() == std::floor(v.toDouble());
        else if (type == QLatin1String("decimal"))
            ok = v.isDouble();
        else if (type == QLatin1String("date"))
            ok = text.size() == 10 && QDate::fromString(text, Qt::ISODate).isValid();
        else if (type == QLatin1String("dropdown")) {
            ok = false;
            for (const QJsonValue& o : field.value(QStringLiteral("custom_field_options")).toArray())
                ok = ok || o.toObject().value(QStringLiteral("value")).toString() == text;
        } else if (type == QLatin1String("regexp"))
            ok = QRegularExpression(field.value(QStringLiteral("regexp_for_validation")).toString())
                     .match(text)
                     .hasMatch();
        if (!ok)
            return QStringLiteral("%1: %2 is not a valid value")
                .arg(it.key(),
                    v.isString() ? text
                                 : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)));
    }
    return {};
}

ZendeskStore::Answer ZendeskStore::createOrUpdateMany(const QByteArray& body, const QString& baseUrl)
{
    const QJsonArray users = QJsonDocument::fromJson(body).object().value(QStringLiteral("users")).toArray();
    if (users.size() > 100)
        return {400, R"({"error":"TooManyUsers","description":"At most 100 users a request"})"};
    QJsonArray results;
    for (int i = 0; i < users.size(); ++i) {
        const QJsonObject user = users.at(i).toObject();
        const QString email = user.value(QStringLiteral("email")).toString();
        const QString externalId = user.value(QStringLiteral("external_id")).toString();
        if (const QString why = invalid(user); !why.isEmpty()) {
            results.append(
                QJsonObject{{QStringLiteral("index"), i}, {QStringLiteral("status"), QStringLiteral("Failed")},
                    {QStringLiteral("error"), QStringLiteral("UserUpdateError")}, {QStringLiteral("details"), why}});
            continue;
        }
        qint64 id = -1;
        for (auto it = m_users.begin(); it != m_users.end(); ++it) {
            const QJsonObject& u = it.value();
            if ((!email.isEmpty()
                    && u.value(QStringLiteral("email")).toString().compare(email, Qt::CaseInsensitive) == 0)
                || (!externalId.isEmpty() && u.value(QStringLiteral("external_id")).toString() == externalId)) {
                id = it.key();
                break;
            }
        }
        const bool created = id < 0;
        if (created && user.value(QStringLiteral("name")).toString().isEmpty()) {
            results.append(
                QJsonObject{{QStringLiteral("index"), i}, {QStringLiteral("status"), QStringLiteral("Failed")},
                    {QStringLiteral("error"), QStringLiteral("UserCreateError")},
                    {QStringLiteral("details"), QStringLiteral("Name: cannot be blank")}});
            continue;
        }
        if (created)
            id = m_nextUser++;
        QJsonObject& stored = m_users[id];
        for (auto it = user.begin(); it != user.end(); ++it) {
            if (it.key() == QLatin1String("user_fields")) {
                QJsonObject custom = stored.value(QStringLiteral("user_fields")).toObject();
                const QJsonObject given = it.value().toObject();
                for (auto c = given.begin(); c != given.end(); ++c)
                    custom.insert(c.key(), c.value());
                stored.insert(QStringLiteral("user_fields"), custom);
            } else {
                stored.insert(it.key(), it.value());
            }
        }
        stored.insert(QStringLiteral("id"), id);
        results.append(QJsonObject{{QStringLiteral("index"), i}, {QStringLiteral("id"), id},
            {QStringLiteral("status"), created ? QStringLiteral("Created") : QStringLiteral("Updated")},
            {QStringLiteral("email"), email}});
    }
    const QString id = QStringLiteral("job-%1").arg(m_nextJob++);
    m_jobs.insert(id, Job{results, 0});
    return {200,
        QJsonDocument(QJsonObject{{QStringLiteral("job_status"),
                          QJsonObject{{QStringLiteral("id"), id},
                              {QStringLiteral("url"), baseUrl + QStringLiteral("/api/v2/job_statuses/") + id},
                              {QStringLiteral("status"), QStringLiteral("queued")}}}})
            .toJson(QJsonDocument::Compact)};
}

ZendeskStore::Answer ZendeskStore::jobStatus(const QString& id)
{
    if (!m_jobs.contains(id))
        return {404, R"({"error":"RecordNotFound","description":"Not found"})"};
    Job& job = m_jobs[id];
    ++job.polls;
    const bool done = job.polls >= m_pollsToFinish;
    QJsonObject status{{QStringLiteral("id"), id},
        {QStringLiteral("status"), done ? QStringLiteral("completed") : QStringLiteral("working")},
        {QStringLiteral("total"), job.results.size()}, {QStringLiteral("progress"), done ? job.results.size() : 0}};
    if (done)
        status.insert(QStringLiteral("results"), job.results);
    return {200, QJsonDocument(QJsonObject{{QStringLiteral("job_status"), status}}).toJson(QJsonDocument::Compact)};
}

} // namespace Ebb::Emulators
