#include "ConnectionKinds.h"

#include <QHash>

namespace Ebb {

namespace {

using T = SettingSpec::Type;

SettingSpec text(const char* key, bool required = true)
{
    return {QLatin1String(key), T::String, required, {}, 0, 0, {}, {}};
}
SettingSpec secret(const char* key, bool required = true)
{
    return {QLatin1String(key), T::Secret, required, {}, 0, 0, {}, {}};
}
SettingSpec integer(const char* key, int min, int max)
{
    return {QLatin1String(key), T::Integer, false, {}, min, max, {}, {}};
}
SettingSpec choice(const char* key, QStringList allowed, bool required)
{
    return {QLatin1String(key), T::String, required, std::move(allowed), 0, 0, {}, {}};
}

// Limits every HTTP destination may override (ARCHITECTURE.md, "Connectors").
QList<SettingSpec> http(QList<SettingSpec> settings)
{
    settings << SettingSpec{QStringLiteral("rateLimit"), T::Object, false, {}, 0, 0, {}, {}}
             << integer("maxInFlight", 1, 64) << integer("timeoutSeconds", 1, 600);
    return settings;
}

struct Words
{
    const char* label;
    const char* help;
};

// Labels and help for a form, by setting key (the same key means the same thing in every kind).
Words wordsFor(const QString& kind, const QString& key)
{
    static const QHash<QString, Words> words{
        {QStringLiteral("path"), {"File", "The file's path, relative to the workspace folder or absolute"}},
        {QStringLiteral("host"), {"Host", "The server's name or address"}},
        {QStringLiteral("port"), {"Port", "5432 unless the server says otherwise"}},
        {QStringLiteral("database"), {"Database", "The database to connect to"}},
        {QStringLiteral("user"), {"User", "The role to log in as"}},
        {QStringLiteral("password"), {"Password", "Kept in the keychain, or read from an environment variable"}},
        {QStringLiteral("sslmode"), {"SSL mode", "verify-full checks the server's certificate and name"}},
        {QStringLiteral("sslrootcert"),
            {"CA certificate", "The certificate authority file verify-ca/verify-full check against"}},
        {QStringLiteral("sslcert"), {"Client certificate", "A client certificate file, when the server asks for one"}},
        {QStringLiteral("sslkey"), {"Client key", "The client certificate's key file"}},
        {QStringLiteral("connectTimeout"), {"Connect timeout (s)", "How long to wait for the server to answer"}},
        {QStringLiteral("statementTimeout"), {"Query timeout (s)", "The longest a query may run"}},
        {QStringLiteral("stateSchema"),
            {"State schema", "Where syncs that find changes in the warehouse keep their state (ebb_state when empty)"}},
        {QStringLiteral("baseUrl"),
            {"API URL", "Leave empty for the vendor's public API; an emulator or sandbox URL otherwise"}},
        {QStringLiteral("token"), {"API token", "Kept in the keychain, or read from an environment variable"}},
        {QStringLiteral("instanceUrl"), {"Instance URL", "https://yourcompany.my.salesforce.com"}},
        {QStringLiteral("apiVersion"), {"API version", "v59.0 when empty"}},
        {QStringLiteral("accessToken"), {"Access token", "A session or OAuth access token"}},
        {QStringLiteral("refreshToken"),
            {"Refresh token", "With the connected app's id and secret, expired access tokens are renewed"}},
        {QStringLiteral("clientId"), {"Client id", "The connected app's consumer key"}},
        {QStringLiteral("clientSecret"), {"Client secret", "The connected app's consumer secret"}},
        {QStringLiteral("bulkThreshold"),
            {"Bulk API from (records)", "Runs this large go through Bulk API 2.0 jobs; 0: never"}},
        {QStringLiteral("email"), {"Agent email", "The Zendesk agent the API token belongs to"}},
        {QStringLiteral("url"), {"URL", "Where events are POSTed (https, or http on this machine)"}},
        {QStringLiteral("secret"), {"Signing secret", "whsec_… — signs each event (Standard Webhooks)"}},
        {QStringLiteral("batchSize"), {"Events a request", "1 sends each event alone"}},
        {QStringLiteral("headers"), {"Headers", "JSON object of extra headers, e.g. {\"X-Team\": \"ops\"}"}},
        {QStringLiteral("rateLimit"), {"Rate limit", "JSON, e.g. {\"requests\": 100, \"perSeconds\": 10}"}},
        {QStringLiteral("maxInFlight"), {"Requests at once", "4 when empty"}},
        {QStringLiteral("timeoutSeconds"),
            {"Request timeout (s)", "A request with no answer for this long is sent again"}},
        {QStringLiteral("format"), {"Format", "csv or jsonl (one JSON object a line)"}},
        {QStringLiteral("write"), {"Each run", "rewrite: the file holds the run's records; append: adds them"}},
    };
    if (kind == QLatin1String("odbc") && key == QLatin1String("connectionString"))
        return {"Connection string",
            "A DSN (DSN=warehouse) or a driver string (Driver={PostgreSQL Unicode};Server=…;Database=…;Uid=…), "
            "without the password"};
    if (kind == QLatin1String("odbc") && key == QLatin1String("password"))
        return {"Password", "Added to the connection string as PWD when Ebb connects; never written to the file"};
    if (kind == QLatin1String("sqlite") && key == QLatin1String("path"))
        return {"Database file", "The SQLite file, relative to the workspace folder or absolute"};
    return words.value(key, Words{nullptr, nullptr});
}

QList<ConnectionKind> withWords(QList<ConnectionKind> kinds)
{
    static const QHash<QString, QString> labels{{QStringLiteral("sqlite"), QStringLiteral("SQLite")},
        {QStringLiteral("postgres"), QStringLiteral("PostgreSQL")},
        {QStringLiteral("mysql"), QStringLiteral("MySQL / MariaDB")},
        {QStringLiteral("odbc"), QStringLiteral("ODBC (Snowflake, SQL Server, Redshift, Databricks, …)")},
        {QStringLiteral("hubspot"), QStringLiteral("HubSpot")},
        {QStringLiteral("salesforce"), QStringLiteral("Salesforce")},
        {QStringLiteral("zendesk"), QStringLiteral("Zendesk")}, {QStringLiteral("webhook"), QStringLiteral("Webhook")},
        {QStringLiteral("file"), QStringLiteral("File (CSV or JSON lines)")}};
    for (ConnectionKind& kind : kinds) {
        kind.label = labels.value(kind.name, kind.name);
        for (SettingSpec& setting : kind.settings) {
            const Words words = wordsFor(kind.name, setting.key);
            setting.label = words.label ? QString::fromUtf8(words.label) : setting.key;
            setting.help = words.help ? QString::fromUtf8(words.help) : QString();
        }
    }
    return kinds;
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
                text("sslkey", false), integer("connectTimeout", 1, 600), integer("statementTimeout", 1, 86400),
                text("stateSchema", false)}},
        {QStringLiteral("mysql"), true, false,
            {text("host"), integer("port", 1, 65535), text("database"), text("user"), secret("password", false),
                integer("connectTimeout", 1, 600)}},
        {QStringLiteral("odbc"), true, false,
            {text("connectionString"), secret("password", false), integer("connectTimeout", 1, 600)}},
        {QStringLiteral("hubspot"), false, true, http({text("baseUrl", false), secret("token")})},
        {QStringLiteral("salesforce"), false, true,
            http({text("instanceUrl"), text("apiVersion", false), secret("accessToken", false),
                secret("refreshToken", false), text("clientId", false), secret("clientSecret", false),
                integer("bulkThreshold", 0, 100000)})},
        {QStringLiteral("zendesk"), false, true, http({text("baseUrl"), text("email"), secret("token")})},
        {QStringLiteral("webhook"), false, true,
            http({text("url"), secret("secret", false), integer("batchSize", 1, 10000),
                SettingSpec{QStringLiteral("headers"), T::Object, false, {}, 0, 0, {}, {}}})},
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
    static const QList<ConnectionKind> kinds = withWords(buildKinds());
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
