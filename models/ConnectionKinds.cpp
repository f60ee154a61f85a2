#include "ConnectionKinds.h"

namespace Ebb {

namespace {

using T = SettingSpec::Type;

SettingSpec text(const char* key, bool required = true)
{
    return {QLatin1String(key), T::String, required, {}, 0, 0};
}
SettingSpec secret(const char* key, bool required = true)
{
    return {QLatin1String(key), T::Secret, required, {}, 0, 0};
}
SettingSpec integer(const char* key, int min, int max)
{
    return {QLatin1String(key), T::Integer, false, {}, min, max};
}
SettingSpec choice(const char* key, QStringList allowed, bool required)
{
    return {QLatin1String(key), T::String, required, std::move(allowed), 0, 0};
}

// Limits every HTTP destination may override (ARCHITECTURE.md, "Connectors").
QList<SettingSpec> http(QList<SettingSpec> settings)
{
    settings << SettingSpec{QStringLiteral("rateLimit"), T::Object, false, {}, 0, 0} << integer("maxInFlight", 1, 64)
             << integer("timeoutSeconds", 1, 600);
    return settings;
}

QList<ConnectionKind> buildKinds()
{
    const QStringList sslModes{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
        QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return {
        {QStringLiteral("sqlite"), true, true, {text("path")}},
        {QStringLiteral("postgres"), true, true,
            {text("host"), integer("port", 1, 65535), text("database"), text("user"), secret("password", false),
                choice("sslmode", sslModes, false), text("sslrootcert", false), text("sslcert", false),
                text("sslkey", false), integer("connectTimeout", 1, 600), integer("statementTimeout", 1, 86400)}},
        {QStringLiteral("hubspot"), false, true, http({text("baseUrl", false), secret("token")})},
        {QStringLiteral("salesforce"), false, true,
            http({text("instanceUrl"), text("apiVersion", false), secret("accessToken", false),
                secret("refreshToken", false), text("clientId", false), secret("clientSecret", false),
                integer("bulkThreshold", 0, 100000)})},
        {QStringLiteral("zendesk"), false, true, http({text("baseUrl"), text("email"), secret("token")})},
        {QStringLiteral("webhook"), false, true,
            http({text("url"), secret("secret", false), integer("batchSize", 1, 10000),
                SettingSpec{QStringLiteral("headers"), T::Object, false, {}, 0, 0}})},
        {QStringLiteral("file"), false, true,
            {text("path"), choice("format", {QStringLiteral("csv"), QStringLiteral("jsonl")}, true),
                choice("write", {QStringLiteral("rewrite"), QStringLiteral("append")}, false)}},
    };
}

} // namespace

const SettingSpec* ConnectionKind::setting(const QString& key) const
{
    for (const auto& s : settings) {
        if (s.key == key)
            return &s;
    }
    return nullptr;
}

const QList<ConnectionKind>& ConnectionKinds::all()
{
    static const QList<ConnectionKind> kinds = buildKinds();
    return kinds;
}

const ConnectionKind* ConnectionKinds::find(const QString& name)
{
    for (const auto& kind : all()) {
        if (kind.name == name)
            return &kind;
    }
    return nullptr;
}

QStringList ConnectionKinds::names()
{
    QStringList result;
    for (const auto& kind : all())
        result << kind.name;
    return result;
}

} // namespace Ebb
