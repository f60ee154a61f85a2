#include "app/engine/PreviewRunner.h"
#include "app/journal/Journal.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/destinations/salesforce/SalesforceDestination.h"
#include "connectors/http/RequestLog.h"
#include "emulators/SalesforceEmulator.h"
#include "models/mapping/KeyCodec.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;
using Ebb::Emulators::SalesforceEmulator;

// The Salesforce destination end to end: PostgreSQL → ebb's engine → the Salesforce emulator
// (docs/API-CONTRACTS.md): composite sObject collections by external id, per-record results,
// the values Salesforce refuses predicted before sending, its API limit and an expired token.
class TestSalesforce : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("salesforce_%1").arg(QCoreApplication::applicationPid());
    const QByteArray m_token = QByteArrayLiteral("00Demulated!token");

    void setUp(Fixture& f, const QUrl& url, int rows, const QString& id = QStringLiteral("s"),
        const QString& mode = QStringLiteral("upsert"), bool createTable = true)
    {
        qputenv("EBB_TEST_SF_TOKEN", m_token);
        if (createTable)
            QVERIFY(TestSupport::execPostgres(QStringLiteral(
                "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                "CREATE TABLE %1.people (id int PRIMARY KEY, cust text, last text, first text, email text,"
                " level text, interests text, score numeric(10,2), employees int, active bool,"
                " birth date, seen timestamptz);"
                "INSERT INTO %1.people SELECT i, 'C-' || i, 'Last' || i, 'First' || i, 'p' || i || '@x.io',"
                " (ARRAY['Primary','Secondary'])[1 + i % 2], 'analytics;support', i / 4.0, i * 10, i % 2 = 0,"
                " DATE '1990-01-01' + i, TIMESTAMPTZ '2024-03-05 14:22:10.123+00' + i * INTERVAL '1 hour'"
                " FROM generate_series(1, %2) i;")
                                                  .arg(m_schema)
                                                  .arg(rows)));
        TestSupport::writeFile(f.path(), QStringLiteral("connections/sf.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("salesforce")},
                              {QStringLiteral("instanceUrl"), url.toString()},
                              {QStringLiteral("accessToken"), QStringLiteral("env:EBB_TEST_SF_TOKEN")}})
                .toJson());
        f.writeSync(id,
            QJsonDocument::fromJson(
                QStringLiteral(
                    R"({"source": {"connection": "pg", "query": "SELECT * FROM %1.people ORDER BY id", "primaryKey": "id"},
            "destination": {"connection": "sf", "object": "Contact", "mode": "%2", "matchField": "Customer_Id__c"},
            "mappings": [{"source": "cust", "target": "Customer_Id__c"}, {"source": "last", "target": "LastName"},
                         {"source": "first", "target": "FirstName"}, {"source": "email", "target": "Email"},
                         {"source": "level", "target": "Level__c"}, {"source": "interests", "target": "Interests__c"},
                         {"source": "score", "target": "Score__c"}, {"source": "employees", "target": "Employees__c"},
                         {"source": "active", "target": "Active__c"}, {"source": "birth", "target": "Birthdate"},
                         {"source": "seen", "target": "LastSeen__c"}]})")
                    .arg(m_schema, mode)
                    .toUtf8())
                .object());
    }

    // The connection to `url` with these settings added (timeoutSeconds, bulkThreshold …).
    void writeConnection(Fixture& f, const QUrl& url, const QJsonObject& settings)
    {
        QJsonObject connection{{QStringLiteral("kind"), QStringLiteral("salesforce")},
            {QStringLiteral("instanceUrl"), url.toString()},
            {QStringLiteral("accessToken"), QStringLiteral("env:EBB_TEST_SF_TOKEN")}};
        for (auto it = settings.begin(); it != settings.end(); ++it)
            connection.insert(it.key(), it.value());
        TestSupport::writeFile(f.path(), QStringLiteral("connections/sf.json"), QJsonDocument(connection).toJson());
    }

    // What differs between a stored Contact and row `i` of setUp()'s people, as Salesforce
    // keeps it; empty when nothing does.
    static QString differences(const QJsonObject& contact, int i)
    {
        const QJsonObject expected{{QStringLiteral("Customer_Id__c"), QStringLiteral("C-%1").arg(i)},
            {QStringLiteral("LastName"), QStringLiteral("Last%1").arg(i)},
            {QStringLiteral("FirstName"), QStringLiteral("First%1").arg(i)},
            {QStringLiteral("Email"), QStringLiteral("p%1@x.io").arg(i)},
            {QStringLiteral("Level__c"), i % 2 == 0 ? QStringLiteral("Primary") : QStringLiteral("Secondary")},
            {QStringLiteral("Interests__c"), QStringLiteral("analytics;support")},
            {QStringLiteral("Score__c"), i / 4.0}, {QStringLiteral("Employees__c"), i * 10},
            {QStringLiteral("Active__c"), i % 2 == 0},
            {QStringLiteral("Birthdate"), QDate(1990, 1, 1).addDays(i).toString(Qt::ISODate)},
            {QStringLiteral("LastSeen__c"),
                QDateTime(QDate(2024, 3, 5), QTime(14, 22, 10, 123), Qt::UTC)
                    .addSecs(3600LL * i)
                    .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))}};
        QStringList wrong;
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            if (contact.value(it.key()) != it.value())
                wrong << QStringLiteral("%1: %2 (expected %3)")
                             .arg(it.key(),
                                 QString::fromUtf8(
                                     QJsonDocument(QJsonArray{contact.value(it.key())}).toJson(QJsonDocument::Compact)),
                                 QString::fromUtf8(
                                     QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact)));
        }
        // Id, and nothing ebb was not asked to send.
        if (contact.size() != expected.size() + 1 || !contact.value(QStringLiteral("Id")).isString())
            wrong << QStringLiteral("fields: %1").arg(contact.keys().join(QLatin1Char(',')));
        return wrong.join(QStringLiteral("; "));
    }

    // The store's Contacts by Customer_Id__c; `duplicates` counts the external ids held twice.
    static QHash<QString, QJsonObject> byExternalId(const SalesforceEmulator& salesforce, int* duplicates = nullptr)
    {
        QHash<QString, QJsonObject> contacts;
        int twice = 0;
        for (const QJsonObject& contact : salesforce.records(QStringLiteral("Contact"))) {
            const QString id = contact.value(QStringLiteral("Customer_Id__c")).toString();
            if (contacts.contains(id))
                ++twice;
            contacts.insert(id, contact);
        }
        if (duplicates)
            *duplicates = twice;
        return contacts;
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    void schemaFromTheDescribe()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        SalesforceDestination destination(salesforce.url(), {}, QString::fromLatin1(m_token), QStringLiteral("Contact"),
            QStringLiteral("Customer_Id__c"), {});
        auto schema = destination.schema();
        QVERIFY2(schema, qPrintable(schema ? QString() : schema.error().message));
        // The engine hands over 10,000 at a time (a Bulk API job's worth); the dispatcher
        // sends them 200 a request.
        QCOMPARE(schema->maxBatchSize, SalesforceDestination::defaultBulkThreshold);
        const auto field = [&](const char* name) {
            const FieldSchema* f = schema->field(QLatin1String(name));
            return f ? *f : FieldSchema{};
        };
        QVERIFY(field("LastName").required);
        QCOMPARE(field("LastName").maxLength, 80);
        QVERIFY(!field("FirstName").required);
        QVERIFY(!field("Active__c").required); // defaulted on create
        QCOMPARE(field("Active__c").type, FieldSchema::Type::Bool);
        QCOMPARE(field("Email").type, FieldSchema::Type::Email);
        QCOMPARE(field("Level__c").type, FieldSchema::Type::Enum);
        QCOMPARE(field("Level__c").options.size(), 3);
        QCOMPARE(field("LeadSource").type, FieldSchema::Type::String); // an unrestricted picklist takes any text
        QCOMPARE(field("Interests__c").type, FieldSchema::Type::MultiEnum);
        QCOMPARE(field("Score__c").type, FieldSchema::Type::Number);
        QCOMPARE(field("Employees__c").type, FieldSchema::Type::Integer);
        QCOMPARE(field("Birthdate").type, FieldSchema::Type::Date);
        QCOMPARE(field("LastSeen__c").type, FieldSchema::Type::DateTime);
        QVERIFY(field("Customer_Id__c").identifier);
        QVERIFY(field("Id").readOnly && field("CreatedDate").readOnly);
        QVERIFY(destination.objects()->contains(QStringLiteral("Account")));
    }

    // Every valid row lands with its values; the ones Salesforce would refuse are rejected
    // before sending; a second run sends only the changed fields (and the external id).
    void everyValidRowLands()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 450);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.people SET email = 'nope' WHERE id = 3;"
                                                         "UPDATE %1.people SET level = 'Gold' WHERE id = 4;"
                                                         "UPDATE %1.people SET last = NULL WHERE id = 5;"
                                                         "UPDATE %1.people SET first = repeat('x', 41) WHERE id = 6;")
                                              .arg(m_schema)));
        const RunReport first = f.run(QStringLiteral("s"));
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QCOMPARE(first.counts.rejected, 4);
        QCOMPARE(first.counts.failed, 0); // Salesforce refused none: the preview knew
        QCOMPARE(first.counts.sent, 446);
        QCOMPARE(salesforce.writeRequests(), 3); // 200 + 200 + 46
        // The run's log says how much of the org's API allowance is used (Sforce-Limit-Info).
        QFile runLog(f.path(QStringLiteral(".ebb/logs/runs/%1.log").arg(first.runId)));
        QVERIFY(runLog.open(QIODevice::ReadOnly));
        const QString logged = QString::fromUtf8(runLog.readAll());
        QVERIFY2(logged.contains(QStringLiteral("Salesforce API usage: 4 of 1000000 requests in the last 24 h")),
            qPrintable(logged));
        // and the run's report (`ebb-cli run --json`: "apiUsage") has the figures.
        QCOMPARE(first.apiUsage, (QJsonObject{{QStringLiteral("used"), 4}, {QStringLiteral("allowed"), 1000000}}));
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 446);
        const QJsonObject c10
            = salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-10"));
        QCOMPARE(c10.value(QStringLiteral("LastName")).toString(), QStringLiteral("Last10"));
        QCOMPARE(c10.value(QStringLiteral("Score__c")).toDouble(), 2.5);
        QCOMPARE(c10.value(QStringLiteral("Employees__c")).toInt(), 100);
        QCOMPARE(c10.value(QStringLiteral("Active__c")).toBool(), true);
        QCOMPARE(c10.value(QStringLiteral("Birthdate")).toString(), QStringLiteral("1990-01-11"));
        QCOMPARE(c10.value(QStringLiteral("LastSeen__c")).toString(), QStringLiteral("2024-03-06T00:22:10.123Z"));
        QCOMPARE(c10.value(QStringLiteral("Interests__c")).toString(), QStringLiteral("analytics;support"));

        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET first = 'New' WHERE id = 20").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 1);
        const QJsonObject sent
            = salesforce.writeBodies().last().value(QStringLiteral("records")).toArray().at(0).toObject();
        QCOMPARE(sent,
            (QJsonObject{
                {QStringLiteral("attributes"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Contact")}}},
                {QStringLiteral("Customer_Id__c"), QStringLiteral("C-20")},
                {QStringLiteral("FirstName"), QStringLiteral("New")}}));
        QCOMPARE(salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-20"))
                     .value(QStringLiteral("LastName"))
                     .toString(),
            QStringLiteral("Last20"));
    }

    // What only Salesforce knows: an insert of a record whose external id exists already is
    // refused for that record (DUPLICATE_VALUE), with Salesforce's words; the others land.
    void perRecordRefusalsAreKept()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 5);
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 5);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "INSERT INTO %1.people (id, cust, last) SELECT i, 'C-' || i, 'L' FROM generate_series(6, 10) i")
                                              .arg(m_schema)));
        setUp(f, salesforce.url(), 0, QStringLiteral("ins"), QStringLiteral("insert"), false);
        const RunReport report = f.run(QStringLiteral("ins"));
        QCOMPARE(report.counts.sent, 5);
        QCOMPARE(report.counts.failed, 5);
        const auto failures = f.journal()->failures(QStringLiteral("ins"), report.runId);
        QVERIFY(failures && failures->size() == 5);
        QVERIFY2(failures->first().message.startsWith(QStringLiteral("DUPLICATE_VALUE: duplicate value found")),
            qPrintable(failures->first().message));
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 10);
    }

    // The API limit (403 REQUEST_LIMIT_EXCEEDED, not a 429) and a 503 are ridden out; an
    // expired token (401 INVALID_SESSION_ID) stops the run and journals nothing unsent.
    void limitsAndAnExpiredToken()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 300);
        salesforce.answerNext({403, 503});
        const RunReport report = f.run(QStringLiteral("s"));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, 300);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 300);

        SalesforceEmulator other("another token");
        QVERIFY(other.listen());
        Fixture g(m_schema);
        setUp(g, other.url(), 10);
        const RunReport refused = g.run(QStringLiteral("s"));
        QCOMPARE(refused.status, RunReport::Status::Failed);
        QVERIFY2(refused.error.contains(QStringLiteral("INVALID_SESSION_ID")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(QString::fromLatin1(m_token)));
        QCOMPARE(refused.counts.sent, 0);

        // connections test lists the org's sObjects with the token, and says when it is refused.
        const auto test = [](Fixture& fixture) {
            QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), fixture.path()});
            QProcess cli;
            cli.start(QStringLiteral(EBB_CLI_PATH),
                {QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("sf"), QStringLiteral("-w"),
                    fixture.path()});
            cli.waitForFinished(60000);
            return QString::fromUtf8(cli.readAllStandardOutput());
        };
        QVERIFY2(test(f).contains(QStringLiteral("access token accepted: 2 sObjects")), qPrintable(test(f)));
        QVERIFY2(test(g).contains(QStringLiteral("INVALID_SESSION_ID")), qPrintable(test(g)));
    }

    // The prediction is exact: a dirty fixture sent once with validation off — the records
    // Salesforce refuses are exactly the ones the Preview rejects.
    void rejectsArePredictedExactly()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        qputenv("EBB_TEST_SF_TOKEN", m_token);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.dirty (id int PRIMARY KEY, cust text, last text, email text, level text,"
            " source text, interests text, score text, employees text, active text, birth text, seen text);"
            "INSERT INTO %1.dirty VALUES"
            " (1, 'C-1', 'Ok', 'ok@x.io', 'Primary', 'Web', 'analytics', '41.5', '3', 'true', '2024-01-02', "
            "'2024-03-05T10:00:00.000Z'),"
            " (2, 'C-2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            " (3, 'C-3', repeat('x', 81), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            " (4, 'C-4', 'L', 'a@b', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            " (5, 'C-5', 'L', NULL, 'Gold', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            " (6, 'C-6', 'L', NULL, NULL, 'Anything goes', NULL, NULL, NULL, NULL, NULL, NULL),"
            " (7, 'C-7', 'L', NULL, NULL, NULL, 'analytics;cooking', NULL, NULL, NULL, NULL, NULL),"
            " (8, 'C-8', 'L', NULL, NULL, NULL, NULL, '1e5', NULL, NULL, NULL, NULL),"
            " (9, 'C-9', 'L', NULL, NULL, NULL, NULL, NULL, '2.5', NULL, NULL, NULL),"
            " (10, 'C-10', 'L', NULL, NULL, NULL, NULL, NULL, NULL, 'yes', NULL, NULL),"
            " (11, 'C-11', 'L', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2024-02-30', NULL),"
            " (12, 'C-12', 'L', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'yesterday'),"
            " (13, 'C-13', 'L', 'UP@X.IO', 'Tertiary', NULL, 'billing;support', '-0.5', '0', 'false', NULL, NULL);")
                                              .arg(m_schema)));
        setUp(f, salesforce.url(), 0, QStringLiteral("s"), QStringLiteral("upsert"), false);
        f.writeSync(QStringLiteral("d"),
            QJsonDocument::fromJson(
                QStringLiteral(
                    R"({"source": {"connection": "pg", "query": "SELECT * FROM %1.dirty", "primaryKey": "id"},
            "destination": {"connection": "sf", "object": "Contact", "mode": "upsert", "matchField": "Customer_Id__c"},
            "mappings": [{"source": "cust", "target": "Customer_Id__c"}, {"source": "last", "target": "LastName"},
                         {"source": "email", "target": "Email"}, {"source": "level", "target": "Level__c"},
                         {"source": "source", "target": "LeadSource"}, {"source": "interests", "target": "Interests__c"},
                         {"source": "score", "target": "Score__c"}, {"source": "employees", "target": "Employees__c"},
                         {"source": "active", "target": "Active__c"}, {"source": "birth", "target": "Birthdate"},
                         {"source": "seen", "target": "LastSeen__c"}]})")
                    .arg(m_schema)
                    .toUtf8())
                .object());
        const auto check = f.checkPrediction(QStringLiteral("d"));
        QVERIFY2(check.error.isEmpty(), qPrintable(check.error));
        QCOMPARE(check.refused, check.predicted);
        const QSet<QString>& predicted = check.predicted;
        QCOMPARE(predicted.size(), 10); // all but 1, 6 and 13
    }

    // An access token that expires mid-run is refreshed (OAuth refresh token with the
    // connected app's id and secret) and the request sent again; with only a refresh token,
    // the first call gets an access token that way. No token reaches the journal or logs.
    void anExpiredTokenIsRefreshed()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        salesforce.setRefresh(QStringLiteral("5Aep-refresh"), QStringLiteral("app-id"), QStringLiteral("app-secret"));
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 450);
        qputenv("EBB_TEST_SF_REFRESH", "5Aep-refresh");
        qputenv("EBB_TEST_SF_SECRET", "app-secret");
        TestSupport::writeFile(f.path(), QStringLiteral("connections/sf.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("salesforce")},
                              {QStringLiteral("instanceUrl"), salesforce.url().toString()},
                              {QStringLiteral("accessToken"), QStringLiteral("env:EBB_TEST_SF_TOKEN")},
                              {QStringLiteral("refreshToken"), QStringLiteral("env:EBB_TEST_SF_REFRESH")},
                              {QStringLiteral("clientId"), QStringLiteral("app-id")},
                              {QStringLiteral("clientSecret"), QStringLiteral("env:EBB_TEST_SF_SECRET")}})
                .toJson());
        salesforce.expireTokenAfter(2); // and again after its second write: the dispatcher refreshes it
        salesforce.expireToken(); // expired before the run: the describe refreshes it
        const RunReport report = f.run(QStringLiteral("s"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 450);
        QCOMPARE(salesforce.refreshes(), 2);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 450);

        // A refresh token Salesforce no longer knows: the run stops on the 401.
        salesforce.setRefresh(QStringLiteral("another"), QStringLiteral("app-id"), QStringLiteral("app-secret"));
        salesforce.expireToken();
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.people SET first = 'Again'").arg(m_schema)));
        const RunReport refused = f.run(QStringLiteral("s"));
        QCOMPARE(refused.status, RunReport::Status::Failed);
        QVERIFY2(refused.error.contains(QStringLiteral("INVALID_SESSION_ID")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(QStringLiteral("5Aep-refresh"))
            && !refused.error.contains(QStringLiteral("app-secret")));
    }

    // Mirror: the records whose keys left the query are deleted, their Ids looked up by the
    // external id (a SOQL query a batch); one someone deleted in Salesforce already counts
    // as deleted; the others stay.
    void mirrorDeletesByExternalId()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 250, QStringLiteral("m"), QStringLiteral("mirror"));
        // A record with a quote and a backslash in its external id is found too.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET cust = 'O''Brien\\1' WHERE id = 7").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("m")).counts.sent, 250);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 250);
        const QString gone
            = salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-9"))
                  .value(QStringLiteral("Id"))
                  .toString();
        QVERIFY(!gone.isEmpty());
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DELETE FROM %1.people WHERE id > 240 OR id IN (7, 9)").arg(m_schema)));
        salesforce.removeRecord(gone); // someone deleted C-9 in Salesforce meanwhile
        const int queriesBefore = salesforce.queries();
        const RunReport report = f.run(QStringLiteral("m"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(report.counts.removed, 12);
        QCOMPARE(report.counts.sent, 12);
        QCOMPARE(salesforce.queries() - queriesBefore, 1);
        const auto left = salesforce.records(QStringLiteral("Contact"));
        QCOMPARE(left.size(), 238);
        QVERIFY(
            salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("O'Brien\\1"))
                .isEmpty());
        QVERIFY(!salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-8"))
                     .isEmpty());
        // Nothing is left to delete: the next run sends nothing.
        const RunReport again = f.run(QStringLiteral("m"));
        QCOMPARE(again.counts.sent + again.counts.removed + again.counts.failed, 0);
    }

    // Past the connection's bulkThreshold, a run of one operation goes as Bulk API 2.0 jobs
    // (CSV upload, polled until done, results tied back to the records): every valid record
    // lands with the same values as through REST, one Salesforce refuses keeps its words, a
    // NULL clears (#N/A) and an unchanged field is left out; a smaller run goes through REST.
    void largeRunsGoThroughBulkJobs()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        salesforce.setBulkPolls(3);
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 600);
        TestSupport::writeFile(f.path(), QStringLiteral("connections/sf.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("salesforce")},
                              {QStringLiteral("instanceUrl"), salesforce.url().toString()},
                              {QStringLiteral("accessToken"), QStringLiteral("env:EBB_TEST_SF_TOKEN")},
                              {QStringLiteral("bulkThreshold"), 250}})
                .toJson());
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET last = repeat('x', 81) WHERE id = 5;"
                           "UPDATE %1.people SET first = 'Comma, \"quoted\"' || chr(10) || 'line' WHERE id = 10")
                .arg(m_schema)));
        RunOptions unchecked;
        unchecked.validate = false; // so that Salesforce refuses row 5 in the job
        const RunReport first = f.run(QStringLiteral("s"), unchecked);
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QCOMPARE(first.counts.sent, 599);
        QCOMPARE(first.counts.failed, 1);
        QCOMPARE(salesforce.bulkJobs(), 2); // 250 + 250 in jobs, the last 100 through REST
        const auto failures = f.journal()->failures(QStringLiteral("s"), first.runId);
        QVERIFY(failures && failures->size() == 1);
        QCOMPARE(failures->first().key, QStringLiteral("5"));
        QVERIFY2(
            failures->first().message.startsWith(QStringLiteral("STRING_TOO_LONG: LastName: data value too large")),
            qPrintable(failures->first().message));
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 599);
        const QJsonObject c10
            = salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-10"));
        QCOMPARE(c10.value(QStringLiteral("FirstName")).toString(), QStringLiteral("Comma, \"quoted\"\nline"));
        QCOMPARE(c10.value(QStringLiteral("Score__c")).toDouble(), 2.5);
        QCOMPARE(c10.value(QStringLiteral("Employees__c")).toInt(), 100);
        QCOMPARE(c10.value(QStringLiteral("Active__c")).toBool(), true);
        QCOMPARE(c10.value(QStringLiteral("Birthdate")).toString(), QStringLiteral("1990-01-11"));
        QCOMPARE(c10.value(QStringLiteral("LastSeen__c")).toString(), QStringLiteral("2024-03-06T00:22:10.123Z"));
        QCOMPARE(c10.value(QStringLiteral("Interests__c")).toString(), QStringLiteral("analytics;support"));

        // A second large run: only changed fields are in the job; a NULL clears the field.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET first = NULL, score = score + 1 WHERE id <= 270").arg(m_schema)));
        const RunReport second = f.run(QStringLiteral("s"));
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
        QCOMPARE(second.counts.rejected, 1); // row 5, checked this time
        QCOMPARE(second.counts.sent, 269); // 250 in a job, 19 through REST
        QCOMPARE(salesforce.bulkJobs(), 3);
        const QJsonObject c20
            = salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-20"));
        QVERIFY(c20.value(QStringLiteral("FirstName")).isNull());
        QCOMPARE(c20.value(QStringLiteral("Score__c")).toDouble(), 6.0);
        QCOMPARE(c20.value(QStringLiteral("LastName")).toString(), QStringLiteral("Last20"));
    }

    // Cancelling while a bulk job runs aborts the job; its records stay pending and the next
    // run sends them.
    void cancellingABulkJobLeavesItsRecordsPending()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        salesforce.setBulkPolls(1000000);
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 80);
        TestSupport::writeFile(f.path(), QStringLiteral("connections/sf.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("salesforce")},
                              {QStringLiteral("instanceUrl"), salesforce.url().toString()},
                              {QStringLiteral("accessToken"), QStringLiteral("env:EBB_TEST_SF_TOKEN")},
                              {QStringLiteral("bulkThreshold"), 50}})
                .toJson());
        std::atomic_bool cancel = false;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, [&] {
            if (salesforce.bulkJobs() > 0)
                cancel = true;
        });
        poll.start(20);
        RunReport report;
        QThread* runner = QThread::create([&] { report = f.run(QStringLiteral("s"), {}, nullptr, &cancel); });
        runner->start();
        QTRY_VERIFY_WITH_TIMEOUT(runner->isFinished(), 30000);
        delete runner;
        QCOMPARE(report.status, RunReport::Status::Cancelled);
        QCOMPARE(report.counts.sent, 0);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 0);
        salesforce.setBulkPolls(0);
        const RunReport again = f.run(QStringLiteral("s"));
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QCOMPARE(again.counts.sent, 80);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 80);
    }

    // A bulk job Salesforce fails as a whole (a column the object does not have) stops the
    // run with Salesforce's words; nothing is journaled as sent and the rows stay pending.
    void aFailedBulkJobStopsTheRun()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 80);
        TestSupport::writeFile(f.path(), QStringLiteral("connections/sf.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("salesforce")},
                              {QStringLiteral("instanceUrl"), salesforce.url().toString()},
                              {QStringLiteral("accessToken"), QStringLiteral("env:EBB_TEST_SF_TOKEN")},
                              {QStringLiteral("bulkThreshold"), 50}})
                .toJson());
        f.writeSync(QStringLiteral("bad"),
            QJsonDocument::fromJson(
                QStringLiteral(
                    R"({"source": {"connection": "pg", "query": "SELECT * FROM %1.people ORDER BY id", "primaryKey": "id"},
            "destination": {"connection": "sf", "object": "Contact", "mode": "upsert", "matchField": "Customer_Id__c"},
            "mappings": [{"source": "cust", "target": "Customer_Id__c"}, {"source": "last", "target": "LastName"},
                         {"source": "first", "target": "Nickname__c"}]})")
                    .arg(m_schema)
                    .toUtf8())
                .object());
        RunOptions unchecked;
        unchecked.validate = false;
        const RunReport report = f.run(QStringLiteral("bad"), unchecked);
        QCOMPARE(report.status, RunReport::Status::Failed);
        QVERIFY2(report.error.contains(QStringLiteral("Field name not found : Nickname__c")), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 0);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), 0);
    }

    // One write in ten answered 500 UNKNOWN_EXCEPTION or 503 SERVER_UNAVAILABLE at random, one
    // request in ten dropped without an answer (the connection reset), and the first write
    // hanging past the connection's timeoutSeconds (1 s; Salesforce makes it all the same, so
    // its answer is lost): all ridden out, every row lands exactly once with exactly its
    // values, and a second run sends nothing.
    void faultsAreRiddenOut()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        salesforce.setErrorRate(0.1, 7);
        salesforce.setDropRate(0.1);
        salesforce.setLatency(1500, 1);
        Fixture f(m_schema);
        const int rows = 2000;
        setUp(f, salesforce.url(), rows);
        writeConnection(f, salesforce.url(), {{QStringLiteral("timeoutSeconds"), 1}});
        const RunReport report = f.run(QStringLiteral("s"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, rows);
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(report.counts.rejected, 0);

        // The faults did happen: answers lost (timeouts and resets) and server errors.
        const auto exchanges = RequestLog::read(RequestLog::pathFor(f.path(QStringLiteral(".ebb")), report.runId));
        QVERIFY(exchanges);
        QMap<int, int> statuses;
        QString seen;
        for (const QJsonObject& e : *exchanges) {
            const int status = e.value(QStringLiteral("status")).toInt();
            ++statuses[status];
            seen += QStringLiteral(" %1").arg(status);
        }
        QVERIFY2(statuses.value(0) >= 1 && statuses.value(500) + statuses.value(503) >= 1, qPrintable(seen));
        QCOMPARE(statuses.value(200), rows / 200);

        int duplicates = 0;
        const auto contacts = byExternalId(salesforce, &duplicates);
        QCOMPARE(duplicates, 0);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), rows);
        for (int i = 1; i <= rows; ++i) {
            const QString wrong = differences(contacts.value(QStringLiteral("C-%1").arg(i)), i);
            QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("C-%1: %2").arg(i).arg(wrong)));
        }

        const int writes = salesforce.writeRequests();
        const RunReport again = f.run(QStringLiteral("s"));
        QCOMPARE(again.counts.sent + again.counts.failed, 0);
        QCOMPARE(salesforce.writeRequests(), writes);
    }

    // kill -9 in the middle of `ebb-cli run`: every record the journal calls synced is in
    // Salesforce with the values the journal says were sent (Salesforce may hold more: ones
    // whose answer was lost, which an upsert by external id sends again harmlessly), and the
    // next run sends the rest and ends with every row in Salesforce once, with its values.
    void killedMidRunAgreesWithTheStore()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        salesforce.setLatency(100);
        Fixture f(m_schema);
        const int rows = 3000;
        setUp(f, salesforce.url(), rows);
        // REST only (no Bulk API job), so the engine hands over 200 records at a time and
        // journals each request's acknowledgements as they come.
        writeConnection(f, salesforce.url(), {{QStringLiteral("bulkThreshold"), 0}});
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()}), 0);
        QProcess cli;
        cli.start(
            QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), f.path()});
        QVERIFY(cli.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(salesforce.writeRequests() >= 6, 30000);
        cli.kill(); // SIGKILL: no clean-up of any kind
        QVERIFY(cli.waitForFinished());
        QCOMPARE(cli.exitStatus(), QProcess::CrashExit);

        QHash<QString, QJsonObject> synced; // key → the payload the journal says was sent
        {
            auto journal = f.journal();
            auto records = journal->records(QStringLiteral("s"));
            QVERIFY(records);
            while (auto record = (*records)->next()) {
                if (record->status != Journal::Status::Synced)
                    continue;
                const auto payload = journal->lastPayload(QStringLiteral("s"), record->key);
                QVERIFY(payload);
                synced.insert(KeyCodec::text(record->key), QJsonDocument::fromJson(*payload).object());
            }
        }
        QVERIFY2(synced.size() >= 200 && synced.size() < rows, qPrintable(QString::number(synced.size())));
        int duplicates = 0;
        const auto contacts = byExternalId(salesforce, &duplicates);
        QCOMPARE(duplicates, 0);
        for (auto it = synced.begin(); it != synced.end(); ++it) {
            const QString external = QStringLiteral("C-%1").arg(it.key());
            QVERIFY2(contacts.contains(external), qPrintable(external));
            const QJsonObject& contact = contacts.value(external);
            QVERIFY2(differences(contact, it.key().toInt()).isEmpty(),
                qPrintable(external + QStringLiteral(": ") + differences(contact, it.key().toInt())));
            // And the journal's payload names the same values for the text fields.
            for (const char* name : {"Customer_Id__c", "LastName", "FirstName", "Email", "Level__c"}) {
                const QString field = QLatin1String(name);
                QVERIFY2(it.value().value(field) == contact.value(field),
                    qPrintable(QStringLiteral("%1 %2: journal %3, Salesforce %4")
                                   .arg(external, field, it.value().value(field).toString(),
                                       contact.value(field).toString())));
            }
        }
        QVERIFY(contacts.size() >= synced.size());

        salesforce.setLatency(0);
        const RunReport rest = f.run(QStringLiteral("s"));
        QVERIFY2(rest.error.isEmpty(), qPrintable(rest.error));
        QCOMPARE(rest.status, RunReport::Status::Succeeded);
        QCOMPARE(rest.counts.sent, rows - int(synced.size()));
        QCOMPARE(rest.counts.failed, 0);
        QCOMPARE(salesforce.records(QStringLiteral("Contact")).size(), rows);
        const auto all = byExternalId(salesforce, &duplicates);
        QCOMPARE(duplicates, 0);
        for (int i = 1; i <= rows; ++i) {
            const QString wrong = differences(all.value(QStringLiteral("C-%1").arg(i)), i);
            QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("C-%1: %2").arg(i).arg(wrong)));
        }
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 0);
    }

    // NULLs: sent (the default, or "nulls": "send") as JSON null, which clears the field;
    // skipped ("nulls": "skip") left out, so what someone typed in Salesforce stays; a record
    // changed only by skipped NULLs is not sent at all, that run or the next.
    void nullsClearOrAreSkipped()
    {
        SalesforceEmulator salesforce(m_token);
        QVERIFY(salesforce.listen());
        Fixture f(m_schema);
        setUp(f, salesforce.url(), 5);
        QFile file(f.path(QStringLiteral("syncs/s.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject sync = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray mappings = sync.value(QStringLiteral("mappings")).toArray();
        QCOMPARE(mappings.at(2).toObject().value(QStringLiteral("target")).toString(), QStringLiteral("FirstName"));
        QCOMPARE(mappings.at(4).toObject().value(QStringLiteral("target")).toString(), QStringLiteral("Level__c"));
        QJsonObject first = mappings.at(2).toObject();
        first.insert(QStringLiteral("nulls"), QStringLiteral("skip"));
        mappings.replace(2, first);
        QJsonObject level = mappings.at(4).toObject();
        level.insert(QStringLiteral("nulls"), QStringLiteral("send"));
        mappings.replace(4, level);
        sync.insert(QStringLiteral("mappings"), mappings);
        f.writeSync(QStringLiteral("s"), sync);
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 5);

        // Someone types first names in Salesforce; the warehouse then has none for C-1 and
        // C-2, and no level for C-1 either.
        const auto idOf = [&](const char* external) {
            return salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QLatin1String(external))
                .value(QStringLiteral("Id"))
                .toString();
        };
        QVERIFY(salesforce.edit(
            QStringLiteral("Contact"), idOf("C-1"), {{QStringLiteral("FirstName"), QStringLiteral("Typed")}}));
        QVERIFY(salesforce.edit(
            QStringLiteral("Contact"), idOf("C-2"), {{QStringLiteral("FirstName"), QStringLiteral("Typed too")}}));
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.people SET first = NULL, level = NULL WHERE id = 1;"
                                                         "UPDATE %1.people SET first = NULL WHERE id = 2;")
                                              .arg(m_schema)));
        const int before = salesforce.writeRequests();
        const RunReport report = f.run(QStringLiteral("s"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 1); // C-1; C-2 changed only by a skipped NULL
        QCOMPARE(salesforce.writeRequests() - before, 1);
        const QJsonObject sent
            = salesforce.writeBodies().last().value(QStringLiteral("records")).toArray().at(0).toObject();
        QCOMPARE(sent,
            (QJsonObject{
                {QStringLiteral("attributes"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Contact")}}},
                {QStringLiteral("Customer_Id__c"), QStringLiteral("C-1")},
                {QStringLiteral("Level__c"), QJsonValue()}}));
        const QJsonObject c1
            = salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-1"));
        QCOMPARE(c1.value(QStringLiteral("FirstName")).toString(), QStringLiteral("Typed"));
        QVERIFY(c1.contains(QStringLiteral("Level__c")) && c1.value(QStringLiteral("Level__c")).isNull()); // cleared
        QCOMPARE(c1.value(QStringLiteral("LastName")).toString(), QStringLiteral("Last1"));
        QCOMPARE(salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-2"))
                     .value(QStringLiteral("FirstName"))
                     .toString(),
            QStringLiteral("Typed too"));
        // And nothing again: not C-1, not C-2.
        const RunReport again = f.run(QStringLiteral("s"));
        QCOMPARE(again.counts.sent + again.counts.failed, 0);
        QCOMPARE(salesforce.writeRequests() - before, 1);
        QCOMPARE(salesforce.find(QStringLiteral("Contact"), QStringLiteral("Customer_Id__c"), QStringLiteral("C-2"))
                     .value(QStringLiteral("FirstName"))
                     .toString(),
            QStringLiteral("Typed too"));
    }
};

QTEST_GUILESS_MAIN(TestSalesforce)
#include "tst_salesforce.moc"
