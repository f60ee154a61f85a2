#include "app/workspace/WorkspaceLoader.h"
#include "models/ConnectionKinds.h"
#include "support/TestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <unistd.h>

using namespace Ebb;

namespace {

// Relative path → file content; a test writes them into a fresh temporary folder.
using Files = QMap<QString, QByteArray>;
// Flattened facts about a loaded workspace ("sync:s.mode" → "upsert"), so a table row
// can state what it expects without a hand-written check per row.
using Facts = QMap<QString, QString>;

const QByteArray manifest = R"({"version": 1, "name": "acme"})";
const QByteArray warehouse = R"({"kind": "sqlite", "path": "warehouse.sqlite"})";
const QByteArray crm = R"({"kind": "hubspot", "baseUrl": "https://api.hubapi.com", "token": "keychain"})";
const QByteArray baseSync = R"({
    "source": {"connection": "warehouse", "query": "SELECT email FROM customers", "primaryKey": "email"},
    "destination": {"connection": "crm", "object": "contacts", "mode": "upsert", "matchField": "email"},
    "mappings": [{"source": "email", "target": "email"}]
})";

// A valid workspace: a SQLite warehouse, a HubSpot destination and one sync between them.
Files base(const Files& overrides = {})
{
    Files files{{QStringLiteral("ebb.json"), manifest}, {QStringLiteral("connections/warehouse.json"), warehouse},
        {QStringLiteral("connections/crm.json"), crm}, {QStringLiteral("syncs/s.json"), baseSync}};
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it)
        files.insert(it.key(), it.value());
    return files;
}

Files without(const QString& file)
{
    Files files = base();
    files.remove(file);
    return files;
}

// The base sync with one fragment replaced, so a row shows only what it breaks.
QByteArray syncReplacing(const QByteArray& from, const QByteArray& to)
{
    if (!baseSync.contains(from))
        qFatal("syncReplacing: the base sync has no %s", from.constData());
    return QByteArray(baseSync).replace(from, to);
}

Files badSync(const QByteArray& from, const QByteArray& to)
{
    return base({{QStringLiteral("syncs/s.json"), syncReplacing(from, to)}});
}

Files badConnection(const QByteArray& json)
{
    return base({{QStringLiteral("connections/bad.json"), json}});
}

void writeFiles(const QString& folder, const Files& files)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        TestSupport::writeFile(folder, it.key(), it.value());
}

QString compact(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: wrap it so QJsonDocument prints it with JSON quoting.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString describe(const FieldMapping& mapping)
{
    QString from;
    switch (mapping.kind) {
    case FieldMapping::Kind::Column:
        from = QStringLiteral("source ") + mapping.source;
        break;
    case FieldMapping::Kind::Constant:
        from = QStringLiteral("value ") + compact(mapping.value);
        break;
    case FieldMapping::Kind::Template:
        from = QStringLiteral("template ") + mapping.templateText;
        break;
    }
    QString text = from + QStringLiteral(" -> ") + mapping.target;
    if (!mapping.transforms.isEmpty())
        text += QLatin1Char(' ') + compact(mapping.transforms);
    return text;
}

Facts facts(const Workspace& workspace)
{
    Facts facts;
    facts.insert(QStringLiteral("name"), workspace.name);
    facts.insert(QStringLiteral("version"), QString::number(workspace.version));
    facts.insert(QStringLiteral("keepRuns"), QString::number(workspace.keepRuns));
    QStringList ids;
    for (const auto& c : workspace.connections) {
        ids << c.id;
        const QString prefix = QStringLiteral("connection:") + c.id + QLatin1Char('.');
        facts.insert(prefix + QStringLiteral("kind"), c.kind);
        facts.insert(prefix + QStringLiteral("file"), QFileInfo(c.filePath).fileName());
        const ConnectionKind* kind = ConnectionKinds::find(c.kind);
        for (auto it = c.json.begin(); it != c.json.end(); ++it) {
            const SettingSpec* setting = kind ? kind->setting(it.key()) : nullptr;
            if (setting && setting->type == SettingSpec::Type::Secret) {
                const auto ref = c.secret(it.key());
                facts.insert(
                    prefix + it.key(), ref ? QStringLiteral("ref ") + ref->toString() : QStringLiteral("not a ref"));
            } else {
                facts.insert(prefix + it.key(), it->isString() ? it->toString() : compact(*it));
            }
        }
    }
    facts.insert(QStringLiteral("connections"), ids.join(QLatin1Char(',')));
    ids.clear();
    for (const auto& s : workspace.syncs) {
        ids << s.id;
        const QString prefix = QStringLiteral("sync:") + s.id + QLatin1Char('.');
        facts.insert(prefix + QStringLiteral("file"), QFileInfo(s.filePath).fileName());
        facts.insert(prefix + QStringLiteral("source"),
            QStringList{s.sourceConnection, s.query, s.primaryKey}.join(QLatin1Char('|')));
        facts.insert(prefix + QStringLiteral("destination"),
            QStringList{s.destinationConnection, s.object, syncModeName(s.mode), s.matchField}.join(QLatin1Char('|')));
        facts.insert(prefix + QStringLiteral("mappings"), QString::number(s.mappings.size()));
        for (int i = 0; i < s.mappings.size(); ++i)
            facts.insert(prefix + QStringLiteral("mapping[%1]").arg(i), describe(s.mappings.at(i)));
        facts.insert(prefix + QStringLiteral("schedule"), compact(s.schedule));
        facts.insert(prefix + QStringLiteral("guards"), compact(s.guards));
    }
    facts.insert(QStringLiteral("syncs"), ids.join(QLatin1Char(',')));
    return facts;
}

// QVERIFY2 evaluates its message even on success, so it must not call error() on a value.
template <typename T> QString errorText(const Result<T>& result)
{
    return result.ok() ? QString() : result.error().toString();
}

} // namespace

class Tst_workspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadGood_data();
    void loadGood();
    void loadBad_data();
    void loadBad();
    void reportsEveryBadFile();
    void reportsEntriesItCannotRead();
};

void Tst_workspace::loadGood_data()
{
    QTest::addColumn<Files>("files");
    QTest::addColumn<Facts>("expected");

    QTest::newRow("sqlite_to_sqlite")
        << Files{{QStringLiteral("ebb.json"), manifest}, {QStringLiteral("connections/warehouse.json"), warehouse},
               {QStringLiteral("connections/mirror.json"),
                   R"({"id": "mirror", "kind": "sqlite", "path": "out/mirror.sqlite"})"},
               {QStringLiteral("syncs/copy.json"), R"({
                     "source": {"connection": "warehouse", "query": "SELECT * FROM customers", "primaryKey": "id"},
                     "destination": {"connection": "mirror", "object": "customers", "mode": "mirror"},
                     "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}]
                 })"}}
        << Facts{{QStringLiteral("name"), QStringLiteral("acme")}, {QStringLiteral("version"), QStringLiteral("1")},
               {QStringLiteral("keepRuns"), QStringLiteral("10")}, // the default
               {QStringLiteral("connections"), QStringLiteral("mirror,warehouse")},
               {QStringLiteral("connection:warehouse.kind"), QStringLiteral("sqlite")},
               {QStringLiteral("connection:warehouse.path"), QStringLiteral("warehouse.sqlite")},
               {QStringLiteral("connection:mirror.path"), QStringLiteral("out/mirror.sqlite")},
               {QStringLiteral("syncs"), QStringLiteral("copy")},
               {QStringLiteral("sync:copy.file"), QStringLiteral("copy.json")},
               {QStringLiteral("sync:copy.source"), QStringLiteral("warehouse|SELECT * FROM customers|id")},
               {QStringLiteral("sync:copy.destination"), QStringLiteral("mirror|customers|mirror|")},
               {QStringLiteral("sync:copy.mappings"), QStringLiteral("2")},
               {QStringLiteral("sync:copy.mapping[1]"), QStringLiteral("source email -> email")}};

    QTest::newRow("postgres_env_and_keychain")
        << Files{{QStringLiteral("ebb.json"), manifest},
               {QStringLiteral("connections/pg-env.json"), R"({"kind": "postgres", "host": "127.0.0.1", "port": 5432,
                     "database": "analytics", "user": "ebb", "password": "env:PGPASSWORD", "sslmode": "prefer"})"},
               {QStringLiteral("connections/pg_kc.json"), R"({"kind": "postgres", "host": "db.internal",
                     "database": "analytics", "user": "ebb", "password": "keychain", "connectTimeout": 30})"},
               {QStringLiteral("connections/pg-none.json"), R"({"kind": "postgres", "host": "localhost",
                     "database": "analytics", "user": "ebb", "sslmode": "verify-full"})"}}
        << Facts{{QStringLiteral("connections"), QStringLiteral("pg-env,pg-none,pg_kc")},
               {QStringLiteral("connection:pg-env.port"), QStringLiteral("5432")},
               {QStringLiteral("connection:pg-env.password"), QStringLiteral("ref env:PGPASSWORD")},
               {QStringLiteral("connection:pg-env.sslmode"), QStringLiteral("prefer")},
               {QStringLiteral("connection:pg_kc.password"), QStringLiteral("ref keychain")},
               {QStringLiteral("connection:pg_kc.host"), QStringLiteral("db.internal")},
               {QStringLiteral("connection:pg_kc.connectTimeout"), QStringLiteral("30")},
               {QStringLiteral("connection:pg-none.sslmode"), QStringLiteral("verify-full")},
               {QStringLiteral("syncs"), QString()}};

    QTest::newRow("hubspot_destination")
        << base()
        << Facts{{QStringLiteral("connections"), QStringLiteral("crm,warehouse")},
               {QStringLiteral("connection:crm.kind"), QStringLiteral("hubspot")},
               {QStringLiteral("connection:crm.token"), QStringLiteral("ref keychain")},
               {QStringLiteral("connection:crm.baseUrl"), QStringLiteral("https://api.hubapi.com")},
               {QStringLiteral("sync:s.source"), QStringLiteral("warehouse|SELECT email FROM customers|email")},
               {QStringLiteral("sync:s.destination"), QStringLiteral("crm|contacts|upsert|email")},
               {QStringLiteral("sync:s.mapping[0]"), QStringLiteral("source email -> email")},
               {QStringLiteral("sync:s.schedule"), QStringLiteral("{}")}};

    QTest::newRow("every_mapping_kind_and_every_schedule")
        << base({{QStringLiteral("syncs/s.json"), syncReplacing(R"([{"source": "email", "target": "email"}])", R"([
                     {"source": "email", "target": "email", "transforms": ["trim", "lower"]},
                     {"source": "lead_score", "target": "hs_lead_score", "transforms": ["number"]},
                     {"source": "signup", "target": "signup_date", "transforms": [{"dateFormat": "yyyy-MM-dd"}]},
                     {"value": "warehouse", "target": "lead_source"},
                     {"value": 42, "target": "answer"},
                     {"value": null, "target": "cleared"},
                     {"template": "{{first_name}} {{last_name}}", "target": "full_name", "transforms": ["trim"]}
                 ], "schedule": {"every": "15m"})")}})
        << Facts{{QStringLiteral("sync:s.mappings"), QStringLiteral("7")},
               {QStringLiteral("sync:s.mapping[0]"), QStringLiteral(R"(source email -> email ["trim","lower"])")},
               {QStringLiteral("sync:s.mapping[1]"),
                   QStringLiteral(R"(source lead_score -> hs_lead_score ["number"])")},
               {QStringLiteral("sync:s.mapping[2]"),
                   QStringLiteral(R"(source signup -> signup_date [{"dateFormat":"yyyy-MM-dd"}])")},
               {QStringLiteral("sync:s.mapping[3]"), QStringLiteral(R"(value "warehouse" -> lead_source)")},
               {QStringLiteral("sync:s.mapping[4]"), QStringLiteral("value 42 -> answer")},
               {QStringLiteral("sync:s.mapping[5]"), QStringLiteral("value null -> cleared")},
               {QStringLiteral("sync:s.mapping[6]"),
                   QStringLiteral(R"(template {{first_name}} {{last_name}} -> full_name ["trim"])")},
               {QStringLiteral("sync:s.schedule"), QStringLiteral(R"({"every":"15m"})")}};

    QTest::newRow("cron_schedule_and_guards")
        << badSync(R"("mappings")",
               R"("schedule": {"cron": "*/15 * * * *"},
                      "guards": {"maxChangePercent": 20, "freshness": {"column": "updated_at", "maxAge": "24h"}},
                      "mappings")")
        << Facts{{QStringLiteral("sync:s.schedule"), QStringLiteral(R"({"cron":"*/15 * * * *"})")},
               {QStringLiteral("sync:s.guards"),
                   QStringLiteral(R"({"freshness":{"column":"updated_at","maxAge":"24h"},"maxChangePercent":20})")}};

    QTest::newRow("default_mode_is_upsert") << badSync(R"(, "mode": "upsert")",
        "") << Facts{{QStringLiteral("sync:s.destination"), QStringLiteral("crm|contacts|upsert|email")}};

    // No "id" in a file: the file name is the id. An explicit "id" wins over the name.
    QTest::newRow("ids_from_file_names")
        << base({{QStringLiteral("connections/eu.warehouse_2.json"), R"({"kind": "sqlite", "path": "eu.sqlite"})"},
               {QStringLiteral("syncs/s.json"),
                   syncReplacing(R"("connection": "warehouse")", R"("connection": "eu.warehouse_2")")},
               {QStringLiteral("syncs/second-file.json"), R"({"id": "named-inside",
                     "source": {"connection": "warehouse", "query": "SELECT 1 AS k", "primaryKey": "k"},
                     "destination": {"connection": "crm", "object": "contacts"},
                     "mappings": [{"source": "k", "target": "k"}]})"}})
        << Facts{{QStringLiteral("connections"), QStringLiteral("crm,eu.warehouse_2,warehouse")},
               {QStringLiteral("connection:eu.warehouse_2.file"), QStringLiteral("eu.warehouse_2.json")},
               {QStringLiteral("connection:eu.warehouse_2.path"), QStringLiteral("eu.sqlite")},
               {QStringLiteral("syncs"), QStringLiteral("s,named-inside")},
               {QStringLiteral("sync:s.source"), QStringLiteral("eu.warehouse_2|SELECT email FROM customers|email")},
               {QStringLiteral("sync:named-inside.file"), QStringLiteral("second-file.json")}};

    QTest::newRow("manifest_only")
        << Files{{QStringLiteral("ebb.json"), R"({"version": 1, "name": "empty", "keepRuns": 20})"}}
        << Facts{{QStringLiteral("name"), QStringLiteral("empty")}, {QStringLiteral("keepRuns"), QStringLiteral("20")},
               {QStringLiteral("connections"), QString()}, {QStringLiteral("syncs"), QString()}};
}

void Tst_workspace::loadGood()
{
    QFETCH(Files, files);
    QFETCH(Facts, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFiles(dir.path(), files);
    auto loaded = WorkspaceLoader::load(dir.path());
    QVERIFY2(loaded.ok(), qPrintable(errorText(loaded)));
    QCOMPARE(loaded->root, QDir(dir.path()).absolutePath());

    const Facts actual = facts(*loaded);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        QVERIFY2(actual.contains(it.key()), qPrintable(QStringLiteral("no fact %1").arg(it.key())));
        QCOMPARE(actual.value(it.key()), it.value());
    }
    for (const auto& c : loaded->connections)
        QVERIFY2(QFileInfo(c.filePath).isAbsolute() && QFileInfo::exists(c.filePath), qPrintable(c.filePath));
}

void Tst_workspace::loadBad_data()
{
    QTest::addColumn<Files>("files");
    QTest::addColumn<QString>("expected"); // the full relevant fragment of the error message
    QTest::addColumn<QString>("absent"); // text the message must not contain (a secret value)

    const auto row = [](const char* name, const Files& files, const QString& expected, const QString& absent = {}) {
        QTest::newRow(name) << files << expected << absent;
    };

    // ---- syntax and the manifest
    // The comma after "sqlite" is missing: the parser stops at the next key, line 4 column 5.
    row("syntax_error_multiline",
        badConnection("{\n    \"id\": \"bad\",\n    \"kind\": \"sqlite\"\n    \"path\": \"x.sqlite\"\n}\n"),
        QStringLiteral("connections/bad.json:4:5: invalid JSON: unterminated object"));
    // Columns count characters, not UTF-8 bytes: "é" is one column.
    row("syntax_error_after_non_ascii",
        badConnection("{\n    \"kind\": \"sqlite\",\n    \"path\": \"donn\xc3\xa9"
                      "es.sqlite\" \"x\"\n}\n"),
        QStringLiteral("connections/bad.json:3:30: invalid JSON: "));
    row("syntax_error_in_manifest", base({{QStringLiteral("ebb.json"), R"({"version": 1, "name": "acme",})"}}),
        QStringLiteral("ebb.json:1:31: invalid JSON: object is missing after a comma"));
    row("top_level_array", base({{QStringLiteral("syncs/s.json"), "[" + baseSync + "]"}}),
        QStringLiteral("syncs/s.json: $: expected a JSON object at the top level"));
    row("manifest_is_array", base({{QStringLiteral("ebb.json"), R"([1, "acme"])"}}),
        QStringLiteral("ebb.json: $: expected a JSON object at the top level"));
    row("no_manifest", without(QStringLiteral("ebb.json")),
        QStringLiteral("not an Ebb workspace (there is no ebb.json)"));
    row("version_missing", base({{QStringLiteral("ebb.json"), R"({"name": "acme"})"}}),
        QStringLiteral("ebb.json: $.version: required field is missing"));
    row("version_newer", base({{QStringLiteral("ebb.json"), R"({"version": 2, "name": "acme"})"}}),
        QStringLiteral("ebb.json: $.version: version 2 is newer than this Ebb understands (1); update Ebb"));
    row("version_is_string", base({{QStringLiteral("ebb.json"), R"({"version": "1", "name": "acme"})"}}),
        QStringLiteral("ebb.json: $.version: expected a whole number, found a string"));
    row("version_zero", base({{QStringLiteral("ebb.json"), R"({"version": 0, "name": "acme"})"}}),
        QStringLiteral("ebb.json: $.version: 0 is out of range (1 to 1000)"));
    row("name_missing", base({{QStringLiteral("ebb.json"), R"({"version": 1})"}}),
        QStringLiteral("ebb.json: $.name: required field is missing"));
    row("keep_runs_zero", base({{QStringLiteral("ebb.json"), R"({"version": 1, "name": "acme", "keepRuns": 0})"}}),
        QStringLiteral("ebb.json: $.keepRuns: 0 is out of range (1 to 10000)"));
    row("keep_runs_fraction",
        base({{QStringLiteral("ebb.json"), R"({"version": 1, "name": "acme", "keepRuns": 2.5})"}}),
        QStringLiteral("ebb.json: $.keepRuns: expected a whole number"));
    row("keep_runs_string", base({{QStringLiteral("ebb.json"), R"({"version": 1, "name": "acme", "keepRuns": "20"})"}}),
        QStringLiteral("ebb.json: $.keepRuns: expected a whole number, found a string"));
    row("name_blank", base({{QStringLiteral("ebb.json"), R"({"version": 1, "name": "  "})"}}),
        QStringLiteral("ebb.json: $.name: must not be empty"));

    // ---- connections
    row("kind_missing", badConnection(R"({"path": "x.sqlite"})"),
        QStringLiteral("connections/bad.json: $.kind: required field is missing"));
    row("unknown_kind", badConnection(R"({"kind": "oracle", "host": "db"})"),
        QStringLiteral("connections/bad.json: $.kind: unknown connection kind \"oracle\"; known kinds: sqlite, "
                       "postgres, mysql, odbc, "
                       "hubspot, salesforce, zendesk, webhook, file"));
    row("sqlite_without_path", badConnection(R"({"kind": "sqlite"})"),
        QStringLiteral("connections/bad.json: $.path: required field is missing"));
    row("hubspot_without_token", badConnection(R"({"kind": "hubspot", "baseUrl": "https://api.hubapi.com"})"),
        QStringLiteral("connections/bad.json: $.token: required field is missing"));
    // HTTP destinations: TLS off this machine, and no credentials in the URL.
    row("http_off_this_machine",
        badConnection(R"({"kind": "hubspot", "baseUrl": "http://api.hubapi.com", "token": "keychain"})"),
        QStringLiteral(
            "connections/bad.json: $.baseUrl: \"http://api.hubapi.com\" is plain http: tokens and records would cross "
            "the "
            "network unencrypted; use https (http is allowed for this machine only, e.g. an emulator on 127.0.0.1)"));
    row("credentials_in_url", badConnection(R"({"kind": "webhook", "url": "https://u:hunter2@hooks.example/x"})"),
        QStringLiteral("connections/bad.json: $.url: a URL must not carry a user name or password (user:pass@host); "
                       "put the secret "
                       "in its own setting as \"keychain\" or \"env:EBB_…\""));
    row("not_a_url",
        badConnection(R"({"kind": "zendesk", "baseUrl": "acme.zendesk.com", "email": "a@b.c", "token": "keychain"})"),
        QStringLiteral("connections/bad.json: $.baseUrl: \"acme.zendesk.com\" is not an http(s) URL"));
    row("port_as_string",
        badConnection(R"({"kind": "postgres", "host": "h", "port": "5432", "database": "d", "user": "u"})"),
        QStringLiteral("connections/bad.json: $.port: expected a whole number, found a string"));
    row("port_out_of_range",
        badConnection(R"({"kind": "postgres", "host": "h", "port": 70000, "database": "d", "user": "u"})"),
        QStringLiteral("connections/bad.json: $.port: 70000 is out of range (1 to 65535)"));
    row("port_fractional",
        badConnection(R"({"kind": "postgres", "host": "h", "port": 5432.5, "database": "d", "user": "u"})"),
        QStringLiteral("connections/bad.json: $.port: expected a whole number, found 5432.5"));
    row("invalid_sslmode",
        badConnection(R"({"kind": "postgres", "host": "h", "database": "d", "user": "u", "sslmode": "maybe"})"),
        QStringLiteral("connections/bad.json: $.sslmode: \"maybe\" is not one of disable, allow, prefer, require, "
                       "verify-ca, verify-full"));
    row("invalid_file_format", badConnection(R"({"kind": "file", "path": "out.xml", "format": "xml"})"),
        QStringLiteral("connections/bad.json: $.format: \"xml\" is not one of csv, jsonl"));
    row("max_in_flight_out_of_range",
        badConnection(R"({"kind": "hubspot", "baseUrl": "https://h", "token": "keychain", "maxInFlight": 0})"),
        QStringLiteral("connections/bad.json: $.maxInFlight: 0 is out of range (1 to 64)"));
    row("rate_limit_not_object",
        badConnection(R"({"kind": "hubspot", "baseUrl": "https://h", "token": "keychain", "rateLimit": 100})"),
        QStringLiteral("connections/bad.json: $.rateLimit: expected an object, found a number"));
    // The message explains the two reference forms and never repeats the value it refused.
    const QString secretProblem
        = QStringLiteral("a secret must be a reference, \"keychain\" or \"env:VARNAME\"; secret "
                         "values are never stored in workspace files");
    row("plaintext_password",
        badConnection(R"({"kind": "postgres", "host": "h", "database": "d", "user": "u", "password": "hunter2"})"),
        QStringLiteral("connections/bad.json: $.password: ") + secretProblem, QStringLiteral("hunter2"));
    row("plaintext_token",
        badConnection(R"({"kind": "hubspot", "baseUrl": "https://h", "token": "pat-na1-0123456789abcdef"})"),
        QStringLiteral("connections/bad.json: $.token: ") + secretProblem, QStringLiteral("pat-na1"));
    row("env_reference_without_name",
        badConnection(R"({"kind": "postgres", "host": "h", "database": "d", "user": "u", "password": "env:"})"),
        QStringLiteral("connections/bad.json: $.password: ") + secretProblem);
    row("env_reference_bad_name",
        badConnection(R"({"kind": "postgres", "host": "h", "database": "d", "user": "u", "password": "env:PG-PASS"})"),
        QStringLiteral("connections/bad.json: $.password: ") + secretProblem);
    row("invalid_id_characters", badConnection(R"({"id": "my conn!", "kind": "sqlite", "path": "x.sqlite"})"),
        QStringLiteral("connections/bad.json: $.id: \"my conn!\" is not a valid id (letters, digits, '.', '_', '-')"));
    row("id_wrong_type", badConnection(R"({"id": 7, "kind": "sqlite", "path": "x.sqlite"})"),
        QStringLiteral("connections/bad.json: $.id: expected a string, found a number"));
    // Files are read in name order, so crm.json claims "crm" first.
    row("duplicate_connection_ids",
        base({{QStringLiteral("connections/crm2.json"), R"({"id": "crm", "kind": "sqlite", "path": "x.sqlite"})"}}),
        QStringLiteral("connections/crm2.json: $.id: duplicate id \"crm\" (also used by connections/crm.json)"));

    // ---- syncs
    row("duplicate_sync_ids", base({{QStringLiteral("syncs/t.json"), syncReplacing("{\n", "{\"id\": \"s\",\n")}}),
        QStringLiteral("syncs/t.json: $.id: duplicate id \"s\" (also used by syncs/s.json)"));
    row("missing_source_connection", badSync(R"("connection": "warehouse")", R"("connection": "nope")"),
        QStringLiteral("syncs/s.json: $.source.connection: no connection \"nope\" in connections/"));
    row("missing_destination_connection", badSync(R"("connection": "crm")", R"("connection": "gone")"),
        QStringLiteral("syncs/s.json: $.destination.connection: no connection \"gone\" in connections/"));
    row("hubspot_as_source", badSync(R"("connection": "warehouse")", R"("connection": "crm")"),
        QStringLiteral(
            "syncs/s.json: $.source.connection: connection \"crm\" is a hubspot connection, which cannot be a source"));
    row("source_not_object",
        badSync(R"({"connection": "warehouse", "query": "SELECT email FROM customers", "primaryKey": "email"})",
            R"("warehouse")"),
        QStringLiteral("syncs/s.json: $.source: expected an object, found a string"));
    row("missing_primary_key", badSync(R"(, "primaryKey": "email")", ""),
        QStringLiteral("syncs/s.json: $.source.primaryKey: required field is missing"));
    row("empty_query", badSync(R"("SELECT email FROM customers")", R"("  ")"),
        QStringLiteral("syncs/s.json: $.source.query: must not be empty"));
    row("missing_destination",
        badSync(
            R"("destination": {"connection": "crm", "object": "contacts", "mode": "upsert", "matchField": "email"},)",
            ""),
        QStringLiteral("syncs/s.json: $.destination: required field is missing"));
    row("invalid_mode", badSync(R"("mode": "upsert")", R"("mode": "merge")"),
        QStringLiteral("syncs/s.json: $.destination.mode: \"merge\" is not a sync mode; use one of upsert, update, "
                       "insert, mirror"));
    row("missing_mappings",
        badSync(R"(,
    "mappings": [{"source": "email", "target": "email"}])",
            ""),
        QStringLiteral("syncs/s.json: $.mappings: required field is missing"));
    row("mappings_not_array", badSync(R"([{"source": "email", "target": "email"}])", R"({"email": "email"})"),
        QStringLiteral("syncs/s.json: $.mappings: expected an array, found an object"));
    row("mapping_not_object", badSync(R"([{"source": "email", "target": "email"}])", R"(["email"])"),
        QStringLiteral("syncs/s.json: $.mappings[0]: expected an object, found a string"));
    row("mapping_source_and_value",
        badSync(R"({"source": "email", "target")", R"({"source": "email", "value": 1, "target")"),
        QStringLiteral("syncs/s.json: $.mappings[0]: a mapping takes exactly one of \"source\", \"value\" or "
                       "\"template\" (found 2)"));
    row("mapping_without_origin", badSync(R"({"source": "email", "target")", R"({"target")"),
        QStringLiteral("syncs/s.json: $.mappings[0]: a mapping takes exactly one of \"source\", \"value\" or "
                       "\"template\" (found 0)"));
    row("mapping_without_target", badSync(R"(, "target": "email"})", "}"),
        QStringLiteral("syncs/s.json: $.mappings[0].target: required field is missing"));
    row("duplicate_mapping_target",
        badSync(R"([{"source": "email", "target": "email"}])",
            R"([{"source": "email", "target": "email"}, {"source": "mail", "target": "hs_x"}, {"value": "x", "target": "email"}])"),
        QStringLiteral("syncs/s.json: $.mappings[2].target: \"email\" is already the target of an earlier mapping"));
    row("transforms_not_array", badSync(R"("target": "email"})", R"("target": "email", "transforms": "trim"})"),
        QStringLiteral("syncs/s.json: $.mappings[0].transforms: expected an array, found a string"));
    row("transform_is_number", badSync(R"("target": "email"})", R"("target": "email", "transforms": ["trim", 3]})"),
        QStringLiteral(
            "syncs/s.json: $.mappings[0].transforms[1]: a transform is a name or an object, found a number"));
    // ---- a key given twice: JSON parsers keep the last without a word
    row("duplicate_key", badSync(R"("mode": "upsert")", R"("mode": "mirror",
        "mode": "upsert")"),
        QStringLiteral("syncs/s.json:4:9: duplicate key \"mode\" (the first is at 3:"));
    row("duplicate_key_escaped", badConnection(R"({"kind": "sqlite", "path": "a", "p\u0061th": "b"})"),
        QStringLiteral("connections/bad.json:1:33: duplicate key \"path\" (the first is at 1:20)"));
    // ---- settings Ebb does not know: a typo must not pass unnoticed
    row("unknown_file_write_mode",
        badConnection(R"({"kind": "file", "path": "x.csv", "format": "csv", "write": "apend"})"),
        QStringLiteral("connections/bad.json: $.write: \"apend\" is not one of rewrite, append"));
    row("unknown_connection_setting",
        badConnection(R"({"kind": "file", "path": "x.csv", "format": "csv", "wirte": "append"})"),
        QStringLiteral("connections/bad.json: $.wirte: unknown setting; this place takes kind, id, description, path, "
                       "format, write"));
    row("write_mode_in_the_sync", badSync(R"("mode": "upsert")", R"("mode": "upsert", "write": "append")"),
        QStringLiteral("syncs/s.json: $.destination.write: unknown setting; this place takes connection, object, "
                       "matchField, mode"));
    row("unknown_sync_setting", badSync(R"("mappings")", R"("gaurds": {}, "mappings")"),
        QStringLiteral("syncs/s.json: $.gaurds: unknown setting; this place takes id, description, source, "
                       "destination, mappings, schedule, guards"));
    row("unknown_mapping_setting", badSync(R"("target": "email")", R"("target": "email", "transform": ["trim"])"),
        QStringLiteral("syncs/s.json: $.mappings[0].transform: unknown setting; this place takes source, value, "
                       "template, target, transforms"));
    // ---- found on load, not at run time
    // With nothing mapped every record would be {}: sent, and matched on nothing.
    row("no_mappings", badSync(R"([{"source": "email", "target": "email"}])", "[]"),
        QStringLiteral("syncs/s.json: $.mappings: a sync needs at least one mapping"));
    row("unknown_transform", badSync(R"("target": "email")", R"("target": "email", "transforms": ["trim", "trimm"])"),
        QStringLiteral("syncs/s.json: $.mappings[0].transforms[1]: unknown transform \"trimm\""));
    row("bad_template",
        badSync(
            R"({"source": "email", "target": "email"})", R"({"template": "{{ email | bogus }}", "target": "email"})"),
        QStringLiteral("syncs/s.json: $.mappings[0].template: template, column"));
    row("guard_out_of_range", badSync(R"("mappings")", R"("guards": {"maxChangePercent": 150}, "mappings")"),
        QStringLiteral("syncs/s.json: $.guards.maxChangePercent: a percentage from 0 to 100"));
    row("every_guard_problem",
        badSync(R"("mappings")", R"("guards": {"maxChangePercent": 150, "maxDeletePercent": -1}, "mappings")"),
        QStringLiteral("syncs/s.json: $.guards.maxChangePercent: a percentage from 0 to 100\n"
                       "syncs/s.json: $.guards.maxDeletePercent: a percentage from 0 to 100"));
    row("guard_misspelt", badSync(R"("mappings")", R"("guards": {"maxChangePercentage": 10}, "mappings")"),
        QStringLiteral("syncs/s.json: $.guards.maxChangePercentage: unknown setting"));
    const QString scheduleProblem = QStringLiteral(
        "syncs/s.json: $.schedule: a schedule takes exactly one of \"every\" (\"15m\") or \"cron\" (\"*/15 * * * *\")");
    row("schedule_every_and_cron",
        badSync(R"("mappings")", R"("schedule": {"every": "15m", "cron": "*/15 * * * *"}, "mappings")"),
        scheduleProblem);
    row("schedule_empty", badSync(R"("mappings")", R"("schedule": {}, "mappings")"), scheduleProblem);
    row("schedule_not_object", badSync(R"("mappings")", R"("schedule": "hourly", "mappings")"),
        QStringLiteral("syncs/s.json: $.schedule: expected an object, found a string"));
    row("bad_interval", badSync(R"("mappings")", R"("schedule": {"every": "15x"}, "mappings")"),
        QStringLiteral(
            "syncs/s.json: $.schedule.every: \"15x\" is not an interval such as \"30s\", \"15m\", \"2h\" or \"1d\""));
    row("zero_interval", badSync(R"("mappings")", R"("schedule": {"every": "0m"}, "mappings")"),
        QStringLiteral("syncs/s.json: $.schedule.every: \"0m\" is not an interval"));
    row("cron_four_fields", badSync(R"("mappings")", R"("schedule": {"cron": "*/15 * * *"}, "mappings")"),
        QStringLiteral("syncs/s.json: $.schedule.cron: \"*/15 * * *\" is not a five-field cron expression (minute hour "
                       "day month weekday)"));
}

void Tst_workspace::loadBad()
{
    QFETCH(Files, files);
    QFETCH(QString, expected);
    QFETCH(QString, absent);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFiles(dir.path(), files);
    const auto loaded = WorkspaceLoader::load(dir.path());
    QVERIFY2(!loaded.ok(), "a bad workspace loaded");
    const QString message = loaded.error().message;
    QCOMPARE(loaded.error().category, Error::Category::Config);
    QVERIFY2(message.contains(expected), qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, message)));
    if (!absent.isEmpty())
        QVERIFY2(!message.contains(absent),
            qPrintable(QStringLiteral("the message repeats \"%1\":\n%2").arg(absent, message)));
}

// One bad file must not hide the next: the user fixes them all in one pass.
void Tst_workspace::reportsEveryBadFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFiles(dir.path(),
        base({{QStringLiteral("connections/bad.json"), R"({"kind": "oracle"})"},
            {QStringLiteral("syncs/s.json"), syncReplacing(R"("mode": "upsert")", R"("mode": "merge")")},
            {QStringLiteral("syncs/u.json"), "{ not json"}}));
    const auto loaded = WorkspaceLoader::load(dir.path());
    QVERIFY(!loaded.ok());
    const QStringList lines = loaded.error().message.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("connections/bad.json: $.kind: unknown connection kind \"oracle\"")),
        qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(QLatin1String("syncs/s.json: $.destination.mode: \"merge\" is not a sync mode")),
        qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QLatin1String("syncs/u.json:1:")), qPrintable(lines.at(2)));
}

// An entry of syncs/ that cannot be read as a file is a problem like any other, never skipped:
// the sync it was meant to be would silently never run.
void Tst_workspace::reportsEntriesItCannotRead()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFiles(dir.path(), base());
    const QByteArray syncs = QFile::encodeName(dir.filePath(QStringLiteral("syncs")));
    QCOMPARE(symlink("nothere.json", (syncs + "/dangling.json").constData()), 0);
    QCOMPARE(symlink("loop.json", (syncs + "/loop.json").constData()), 0);
    // "café.json" in Latin-1: not a UTF-8 name.
    const int fd = ::open((syncs + "/caf\xe9.json").constData(), O_WRONLY | O_CREAT, 0644);
    QVERIFY(fd >= 0);
    // QTemporaryDir cannot remove it by its name either.
    const auto unlinkLatin1 = qScopeGuard([&] { ::unlink((syncs + "/caf\xe9.json").constData()); });
    QCOMPARE(::write(fd, baseSync.constData(), size_t(baseSync.size())), ssize_t(baseSync.size()));
    ::close(fd);
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("syncs/folder.json")));

    const auto loaded = WorkspaceLoader::load(dir.path());
    QVERIFY(!loaded.ok());
    const QString message = loaded.error().message;
    const QStringList expected{
        QStringLiteral("syncs/dangling.json: a symbolic link that cannot be followed (its target is missing, or links "
                       "lead back to it)"),
        QStringLiteral("syncs/loop.json: a symbolic link that cannot be followed"),
        QStringLiteral(
            "syncs/caf\uFFFD.json: the file name is not valid UTF-8, so it cannot be opened by its name; rename it"),
        QStringLiteral("syncs/folder.json: is a folder, not a file"),
    };
    for (const QString& line : expected)
        QVERIFY2(message.contains(line), qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(line, message)));
    QCOMPARE(message.count(QLatin1Char('\n')), 3); // nothing else: s.json loads
}

QTEST_GUILESS_MAIN(Tst_workspace)
#include "tst_workspace.moc"
