#include "app/engine/PreviewRunner.h"
#include "app/journal/Journal.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/destinations/hubspot/HubSpotDestination.h"
#include "connectors/destinations/hubspot/HubSpotValue.h"
#include "connectors/http/RequestLog.h"
#include "emulators/HubSpotEmulator.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/KeyCodec.h"
#include "models/mapping/MicroTime.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;
using Ebb::Emulators::HubSpotEmulator;

// The HubSpot destination end to end: a PostgreSQL warehouse → ebb's engine → the HubSpot
// emulator (docs/API-CONTRACTS.md), which checks every value as HubSpot does, through rate
// limits, locks, server errors, a bad token and a day's allowance used up.
class TestHubSpot : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("hubspot_%1").arg(QCoreApplication::applicationPid());
    const QByteArray m_token = QByteArrayLiteral("pat-na1-emulated-token");

    // `rows` people in <schema>.people, and a sync of them to the emulator's contacts.
    void setUp(Fixture& f, const QUrl& url, int rows, const QString& mode = QStringLiteral("upsert"))
    {
        qputenv("EBB_TEST_HUBSPOT_TOKEN", m_token);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.people (id int PRIMARY KEY, email text, firstname text, plan text,"
                           " score numeric(10,2), active bool, signup date, seen timestamptz, interests text);"
                           "INSERT INTO %1.people SELECT i, 'p' || i || '@x.io', 'Name ' || i,"
                           " (ARRAY['free','starter','pro'])[1 + i % 3], i / 4.0, i % 2 = 0, DATE '2024-01-01' + i,"
                           " TIMESTAMPTZ '2024-03-05 14:22:10.123456+00' + i * INTERVAL '1 hour',"
                           " 'analytics;support' FROM generate_series(1, %2) i;")
                .arg(m_schema)
                .arg(rows)));
        TestSupport::writeFile(f.path(), QStringLiteral("connections/crm.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("hubspot")},
                              {QStringLiteral("baseUrl"), url.toString()},
                              {QStringLiteral("token"), QStringLiteral("env:EBB_TEST_HUBSPOT_TOKEN")}})
                .toJson());
        QJsonObject sync = QJsonDocument::fromJson(
            QStringLiteral(
                R"({"source": {"connection": "pg", "query": "SELECT * FROM %1.people ORDER BY id", "primaryKey": "id"},
            "destination": {"connection": "crm", "object": "contacts", "mode": "%2", "matchField": "email"},
            "mappings": [{"source": "email", "target": "email"}, {"source": "firstname", "target": "firstname"},
                         {"source": "plan", "target": "plan"}, {"source": "score", "target": "lead_score"},
                         {"source": "active", "target": "is_active"}, {"source": "signup", "target": "signup_date"},
                         {"source": "seen", "target": "last_seen"}, {"source": "interests", "target": "interests"}]})")
                .arg(m_schema, mode)
                .toUtf8())
                               .object();
        f.writeSync(QStringLiteral("h"), sync);
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    // Properties become fields with HubSpot's rules.
    void schemaFromTheProperties()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        HubSpotDestination destination(
            hubspot.url(), QString::fromLatin1(m_token), QStringLiteral("contacts"), QStringLiteral("email"), {});
        auto schema = destination.schema();
        QVERIFY2(schema, qPrintable(schema ? QString() : schema.error().message));
        QCOMPARE(schema->maxBatchSize, 100);
        const auto field = [&](const char* name) {
            const FieldSchema* f = schema->field(QLatin1String(name));
            return f ? *f : FieldSchema{};
        };
        QCOMPARE(field("email").type, FieldSchema::Type::Email);
        QVERIFY(field("email").identifier);
        QVERIFY(field("customer_id").identifier); // hasUniqueValue
        QVERIFY(!field("firstname").identifier);
        QCOMPARE(field("firstname").maxLength, 65536);
        QCOMPARE(field("plan").type, FieldSchema::Type::Enum);
        QCOMPARE(field("plan").options,
            (QStringList{QStringLiteral("free"), QStringLiteral("starter"), QStringLiteral("pro"),
                QStringLiteral("enterprise")}));
        QCOMPARE(field("interests").type, FieldSchema::Type::MultiEnum);
        QCOMPARE(field("is_active").type, FieldSchema::Type::Bool);
        QCOMPARE(field("signup_date").type, FieldSchema::Type::Date);
        QVERIFY(field("signup_date").dateAtMidnightUtc);
        QCOMPARE(field("last_seen").type, FieldSchema::Type::DateTime);
        QCOMPARE(field("lead_score").type, FieldSchema::Type::Number);
        QCOMPARE(field("phone").type, FieldSchema::Type::String);
        QVERIFY(field("hs_object_id").readOnly);
        QVERIFY(field("createdate").readOnly);

        auto objects = destination.objects();
        QVERIFY(objects);
        QVERIFY(objects->contains(QStringLiteral("contacts")) && objects->contains(QStringLiteral("companies")));
        hubspot.defineObject(QStringLiteral("p_pets"),
            QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("pet_name")},
                {QStringLiteral("type"), QStringLiteral("string")},
                {QStringLiteral("fieldType"), QStringLiteral("text")}}});
        QVERIFY(destination.objects()->contains(QStringLiteral("p_pets")));

        HubSpotDestination missing(
            hubspot.url(), QString::fromLatin1(m_token), QStringLiteral("nosuch"), QStringLiteral("email"), {});
        QVERIFY(!missing.schema());
        QVERIFY2(missing.schema().error().message.contains(QStringLiteral("no object type \"nosuch\"")),
            qPrintable(missing.schema().error().message));
    }

    // Every value is a string, in the form the contract gives per type.
    void valuesAsHubSpotTakesThem()
    {
        const auto typed = [](FieldSchema::Type type) {
            FieldSchema f;
            f.type = type;
            return f;
        };
        const FieldSchema number = typed(FieldSchema::Type::Number);
        const FieldSchema boolean = typed(FieldSchema::Type::Bool);
        const FieldSchema date = typed(FieldSchema::Type::Date);
        const FieldSchema datetime = typed(FieldSchema::Type::DateTime);
        const FieldSchema multi = typed(FieldSchema::Type::MultiEnum);
        QCOMPARE(HubSpotValue::text(QVariant(), &number), QString()); // clears
        QCOMPARE(HubSpotValue::text(true, &boolean), QStringLiteral("true"));
        QCOMPARE(HubSpotValue::text(QStringLiteral("false"), &boolean), QStringLiteral("false"));
        QCOMPARE(HubSpotValue::text(1e21, &number), QStringLiteral("1000000000000000000000")); // no exponent
        QCOMPARE(HubSpotValue::text(0.1, &number), QStringLiteral("0.1"));
        QCOMPARE(HubSpotValue::text(QStringLiteral("+007.50"), &number), QStringLiteral("7.50"));
        QCOMPARE(HubSpotValue::text(QVariant::fromValue(Decimal{QStringLiteral("-12.30")}), &number),
            QStringLiteral("-12.30"));
        QCOMPARE(HubSpotValue::text(qlonglong(9007199254740993), &number), QStringLiteral("9007199254740993"));
        QCOMPARE(HubSpotValue::text(QDate(2024, 2, 29), &date), QStringLiteral("2024-02-29"));
        QCOMPARE(HubSpotValue::text(
                     QDateTime(QDate(2024, 3, 5), QTime(14, 22, 10, 123), Qt::OffsetFromUTC, 3600), &datetime),
            QStringLiteral("2024-03-05T13:22:10.123Z"));
        QCOMPARE(HubSpotValue::text(MicroTime::variant(1709648530123456), &datetime),
            QStringLiteral("2024-03-05T14:22:10.123Z"));
        QCOMPARE(HubSpotValue::text(QDate(2024, 3, 5), &datetime), QStringLiteral("2024-03-05T00:00:00.000Z"));
        QCOMPARE(
            HubSpotValue::text(QStringList{QStringLiteral("a"), QStringLiteral("b")}, &multi), QStringLiteral("a;b"));
    }

    // Every valid row lands with exactly its values; the dirty ones are rejected before
    // sending (the emulator would refuse them); a second run sends only the changed fields.
    void everyValidRowLandsWithItsValues()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 250);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET email = 'not an email' WHERE id = 7;"
                           "UPDATE %1.people SET plan = 'gold' WHERE id = 8;"
                           "UPDATE %1.people SET interests = 'analytics;cooking' WHERE id = 9;")
                .arg(m_schema)));
        const RunReport first = f.run(QStringLiteral("h"));
        QCOMPARE(first.status, RunReport::Status::Succeeded); // rejects are the data's, not the run's
        QCOMPARE(f.journal()->rejects(QStringLiteral("h"), first.runId)->size(), 3);
        QCOMPARE(first.counts.rejected, 3);
        QCOMPARE(first.counts.sent, 247);
        QCOMPARE(hubspot.writeRequests(), 3); // 100 + 100 + 47
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 247);

        const QJsonObject p10
            = hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p10@x.io"));
        QCOMPARE(p10.value(QStringLiteral("firstname")).toString(), QStringLiteral("Name 10"));
        QCOMPARE(p10.value(QStringLiteral("plan")).toString(), QStringLiteral("starter"));
        QCOMPARE(p10.value(QStringLiteral("lead_score")).toString(), QStringLiteral("2.50"));
        QCOMPARE(p10.value(QStringLiteral("is_active")).toString(), QStringLiteral("true"));
        QCOMPARE(p10.value(QStringLiteral("signup_date")).toString(), QStringLiteral("2024-01-11"));
        QCOMPARE(p10.value(QStringLiteral("last_seen")).toString(), QStringLiteral("2024-03-06T00:22:10.123Z"));
        QCOMPARE(p10.value(QStringLiteral("interests")).toString(), QStringLiteral("analytics;support"));
        QVERIFY(hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p8@x.io")).isEmpty());

        // The second run: two rows changed, one field each; the rejects are fixed too.
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("UPDATE %1.people SET firstname = 'Renamed' WHERE id IN (20, 21);"
                                                     "UPDATE %1.people SET plan = 'pro' WHERE id = 8;")
                                          .arg(m_schema)));
        const RunReport second = f.run(QStringLiteral("h"));
        QCOMPARE(second.counts.sent, 3);
        QCOMPARE(hubspot.writeRequests(), 4);
        const QJsonObject body = hubspot.writeBodies().last();
        QCOMPARE(body.value(QStringLiteral("inputs")).toArray().size(), 3);
        for (const QJsonValue& input : body.value(QStringLiteral("inputs")).toArray()) {
            const QJsonObject properties = input.toObject().value(QStringLiteral("properties")).toObject();
            if (input.toObject().value(QStringLiteral("id")).toString() == QLatin1String("p8@x.io"))
                QCOMPARE(properties.size(), 8); // a record sent for the first time: every field
            else
                QCOMPARE(properties.keys(), QStringList{QStringLiteral("firstname")});
            QCOMPARE(input.toObject().value(QStringLiteral("idProperty")).toString(), QStringLiteral("email"));
        }
        QCOMPARE(hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p20@x.io"))
                     .value(QStringLiteral("firstname"))
                     .toString(),
            QStringLiteral("Renamed"));
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 248);
    }

    // HubSpot's rate limit is followed from its headers: with 4 requests a second allowed,
    // 1,200 records (12 requests) land with few 429s; scripted 423, 502, 503 and a 429 are
    // ridden out; every record lands once.
    void ridesOutLimitsLocksAndServerErrors()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        hubspot.setRateLimit(4, 1000);
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 1200);
        hubspot.answerNext({423, 502, 503, 429});
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, 1200);
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 1200);
        QVERIFY2(hubspot.rateLimited() <= 3, qPrintable(QString::number(hubspot.rateLimited())));

        // Every request and answer is in the run's request log, the failed tries included,
        // with HubSpot's words and without the token.
        const QString path = RequestLog::pathFor(f.path(QStringLiteral(".ebb")), report.runId);
        const auto exchanges = RequestLog::read(path);
        QVERIFY(exchanges);
        QCOMPARE(exchanges->size(), hubspot.writeRequests());
        QList<int> statuses;
        for (const QJsonObject& e : *exchanges)
            statuses << e.value(QStringLiteral("status")).toInt();
        QCOMPARE(statuses.mid(0, 5), (QList<int>{423, 502, 503, 429, 200}));
        QCOMPARE(exchanges->at(3).value(QStringLiteral("attempt")).toInt(), 4);
        QVERIFY(exchanges->at(1).value(QStringLiteral("answer")).toString().contains(QStringLiteral("emulated 502")));
        QVERIFY(exchanges->at(4).value(QStringLiteral("request")).toString().contains(QStringLiteral("p1@x.io")));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(m_token));
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        // ebb-cli prints them.
        QProcess cli;
        cli.start(QStringLiteral(EBB_CLI_PATH),
            {QStringLiteral("runs"), QStringLiteral("--requests"), QString::number(report.runId), QStringLiteral("-w"),
                f.path()});
        QVERIFY(cli.waitForFinished(60000));
        const QString printed = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(cli.exitCode() == 0 && printed.contains(QStringLiteral("POST /crm/v3/objects/contacts/batch/upsert"))
                && printed.contains(QStringLiteral("423")),
            qPrintable(printed + QString::fromUtf8(cli.readAllStandardError())));
    }

    // One request in ten answered 500, 502 or 503 at random, and one in ten dropped without
    // an answer (the connection reset): ridden out, every row lands once.
    void ridesOutRandomServerErrors()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        hubspot.setErrorRate(0.1, 7);
        hubspot.setDropRate(0.1);
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 3000);
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, 3000);
        QCOMPARE(report.counts.failed, 0);
        QVERIFY(hubspot.writeRequests() > 30); // some were answered with an error and sent again
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 3000);
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 0);
    }

    // A destination that stops answering: a request with nothing back within the connection's
    // timeoutSeconds is given up and sent again; every row lands once.
    void ridesOutTimeouts()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 500);
        TestSupport::writeFile(f.path(), QStringLiteral("connections/crm.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("hubspot")},
                              {QStringLiteral("baseUrl"), hubspot.url().toString()},
                              {QStringLiteral("token"), QStringLiteral("env:EBB_TEST_HUBSPOT_TOKEN")},
                              {QStringLiteral("timeoutSeconds"), 1}})
                .toJson());
        hubspot.setLatency(2500, 2); // the first two writes hang past the timeout
        const RunReport report = f.run(QStringLiteral("h"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 500);
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 500);
        QVERIFY(hubspot.writeRequests() >= 7); // 5 batches and the 2 that timed out
    }

    // A bad token: 401 stops the run with HubSpot's words, and nothing is journaled, so the
    // next run with the right token sends every row.
    void aBadTokenStopsTheRun()
    {
        HubSpotEmulator hubspot("another token");
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 30);
        const RunReport refused = f.run(QStringLiteral("h"));
        QCOMPARE(refused.status, RunReport::Status::Failed);
        QVERIFY2(refused.error.contains(QStringLiteral("401")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(QString::fromLatin1(m_token)));
        QCOMPARE(refused.counts.sent, 0);

        HubSpotEmulator right(m_token);
        QVERIFY(right.listen());
        TestSupport::writeFile(f.path(), QStringLiteral("connections/crm.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("hubspot")},
                              {QStringLiteral("baseUrl"), right.url().toString()},
                              {QStringLiteral("token"), QStringLiteral("env:EBB_TEST_HUBSPOT_TOKEN")}})
                .toJson());
        const RunReport again = f.run(QStringLiteral("h"));
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QCOMPARE(again.counts.sent, 30);
        QCOMPARE(right.records(QStringLiteral("contacts")).size(), 30);
    }

    // Insert mode: HubSpot refuses a batch of creates as a whole (409) when one email exists
    // already; the batch is halved until that record stands alone and is refused, the rest land.
    void aRefusedBatchIsHalvedToTheBadRecord()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 1, QStringLiteral("insert"));
        const RunReport one = f.run(QStringLiteral("h"));
        QVERIFY2(one.error.isEmpty(), qPrintable(one.error));
        QCOMPARE(one.counts.sent, 1); // p1 exists in HubSpot now
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.people (id, email, firstname) SELECT i, 'q' || i || '@x.io', 'Q' "
                           "FROM generate_series(2, 80) i; UPDATE %1.people SET email = 'P1@x.io' WHERE id = 40;")
                .arg(m_schema)));
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.counts.sent, 78);
        QCOMPARE(report.counts.failed, 1);
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 79);
        auto journal = f.journal();
        const auto failures = journal->failures(QStringLiteral("h"), report.runId);
        QVERIFY(failures);
        QCOMPARE(failures->size(), 1);
        QVERIFY2(failures->first().message.contains(QStringLiteral("CONFLICT")), qPrintable(failures->first().message));
    }

    // The day's allowance used up: the run stops saying so; what was sent stays sent, the
    // rest is pending and goes with the next run.
    void theDailyLimitStopsTheRunAndKeepsTheRest()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        hubspot.setRateLimit(0, 10000, 3); // the schema read and two batches
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 450);
        const RunReport stopped = f.run(QStringLiteral("h"));
        QVERIFY(stopped.status == RunReport::Status::Failed || stopped.status == RunReport::Status::Partial);
        QVERIFY2(stopped.error.contains(QStringLiteral("daily")), qPrintable(stopped.error));
        QCOMPARE(stopped.counts.sent, 200);
        hubspot.setRateLimit(0, 10000, 1000);
        const RunReport rest = f.run(QStringLiteral("h"));
        QCOMPARE(rest.counts.sent, 250);
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 450);
    }

    // kill -9 in the middle of a run: every record the journal calls synced is in HubSpot, and
    // the next run sends the rest (the ones whose answer was lost among them) and ends with
    // every row in HubSpot once, with its values.
    void aKilledRunAgreesWithTheDestination()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        hubspot.setLatency(40);
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 3000);
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()}), 0);
        QProcess cli;
        cli.start(
            QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), QStringLiteral("h"), QStringLiteral("-w"), f.path()});
        QVERIFY(cli.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(hubspot.writeRequests() >= 8, 30000);
        cli.kill(); // SIGKILL: no clean-up of any kind
        QVERIFY(cli.waitForFinished());

        QSet<QString> synced;
        {
            auto journal = f.journal();
            auto records = journal->records(QStringLiteral("h"));
            QVERIFY(records);
            while (auto record = (*records)->next()) {
                if (record->status == Journal::Status::Synced)
                    synced.insert(KeyCodec::text(record->key));
            }
        }
        QVERIFY2(synced.size() >= 100 && synced.size() < 3000, qPrintable(QString::number(synced.size())));
        for (const QString& id : synced)
            QVERIFY2(
                !hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p%1@x.io").arg(id))
                     .isEmpty(),
                qPrintable(id));
        const qint64 landed = hubspot.records(QStringLiteral("contacts")).size();
        QVERIFY(landed >= synced.size());

        hubspot.setLatency(0);
        const RunReport rest = f.run(QStringLiteral("h"));
        QCOMPARE(rest.status, RunReport::Status::Succeeded);
        QCOMPARE(rest.counts.sent, 3000 - synced.size());
        const auto records = hubspot.records(QStringLiteral("contacts"));
        QCOMPARE(records.size(), 3000);
        QSet<QString> emails;
        for (const QJsonObject& r : records)
            emails.insert(r.value(QStringLiteral("email")).toString());
        QCOMPARE(emails.size(), 3000);
        QCOMPARE(hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p2999@x.io"))
                     .value(QStringLiteral("firstname"))
                     .toString(),
            QStringLiteral("Name 2999"));
    }

    // Mirror: keys that left the query are archived. A delete names its contact by email, so
    // HubSpot's ids are looked up first (batch/read), then archived (batch/archive).
    void mirrorArchivesTheKeysThatLeft()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 50, QStringLiteral("mirror"));
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 50);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DELETE FROM %1.people WHERE id IN (3, 4, 5, 6, 7)").arg(m_schema)));
        const int before = hubspot.writeRequests();
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.removed, 5);
        QCOMPARE(report.counts.sent, 5);
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 45);
        QVERIFY(hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p5@x.io")).isEmpty());
        QVERIFY(
            !hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p8@x.io")).isEmpty());
        QCOMPARE(hubspot.writeRequests() - before, 2); // one read, one archive
        const QJsonObject read = hubspot.writeBodies().at(before);
        QCOMPARE(read.value(QStringLiteral("idProperty")).toString(), QStringLiteral("email"));
        QCOMPARE(read.value(QStringLiteral("inputs")).toArray().size(), 5);
        // A key whose contact is gone from HubSpot already counts as deleted.
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.people WHERE id = 9").arg(m_schema)));
        const QString hsId
            = hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p9@x.io"))
                  .value(QStringLiteral("hs_object_id"))
                  .toString();
        QVERIFY(!hsId.isEmpty());
        // Archived behind Ebb's back, as a salesperson would.
        hubspot.archive(QStringLiteral("contacts"), hsId);
        const RunReport again = f.run(QStringLiteral("h"));
        QCOMPARE(again.counts.removed, 1);
        QCOMPARE(again.counts.sent, 1);
        QCOMPARE(again.counts.failed, 0);
        QCOMPARE(hubspot.records(QStringLiteral("contacts")).size(), 44);
    }

    // NULLs: sent (the default) as "", which clears the property; skipped ("nulls": "skip")
    // left out, so what a salesperson typed in HubSpot stays.
    void nullsClearOrAreSkipped()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        setUp(f, hubspot.url(), 5);
        QFile file(f.path(QStringLiteral("syncs/h.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject sync = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray mappings = sync.value(QStringLiteral("mappings")).toArray();
        QJsonObject firstname = mappings.at(1).toObject();
        firstname.insert(QStringLiteral("nulls"), QStringLiteral("skip"));
        mappings.replace(1, firstname);
        sync.insert(QStringLiteral("mappings"), mappings);
        f.writeSync(QStringLiteral("h"), sync);
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 5);
        const QString p1 = hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p1@x.io"))
                               .value(QStringLiteral("hs_object_id"))
                               .toString();
        hubspot.edit(
            QStringLiteral("contacts"), p1, QJsonObject{{QStringLiteral("firstname"), QStringLiteral("Typed")}});
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET firstname = NULL, plan = NULL WHERE id = 1").arg(m_schema)));
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.counts.sent, 1);
        const QJsonObject contact
            = hubspot.find(QStringLiteral("contacts"), QStringLiteral("email"), QStringLiteral("p1@x.io"));
        QCOMPARE(contact.value(QStringLiteral("firstname")).toString(), QStringLiteral("Typed"));
        QCOMPARE(contact.value(QStringLiteral("plan")).toString(), QString()); // cleared
        const QJsonObject properties = hubspot.writeBodies()
                                           .last()
                                           .value(QStringLiteral("inputs"))
                                           .toArray()
                                           .at(0)
                                           .toObject()
                                           .value(QStringLiteral("properties"))
                                           .toObject();
        QCOMPARE(properties, (QJsonObject{{QStringLiteral("plan"), QString()}}));
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 0); // and nothing again
    }

    // The prediction is exact: a dirty fixture (the demo's kinds of dirt and each type's
    // edges) sent once with validation off — the records HubSpot refuses are exactly the
    // ones the Preview rejects, no more and no fewer.
    void rejectsArePredictedExactly()
    {
        HubSpotEmulator hubspot(m_token);
        QVERIFY(hubspot.listen());
        Fixture f(m_schema);
        qputenv("EBB_TEST_HUBSPOT_TOKEN", m_token);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.dirty (id int PRIMARY KEY, email text, firstname text, plan text, score text,"
            " active text, signup text, seen text, interests text);"
            "INSERT INTO %1.dirty VALUES"
            " (1, 'ok1@x.io', 'Ann', 'pro', '41', 'true', '2024-01-02', '2024-03-05T10:00:00Z', 'analytics'),"
            " (2, 'a@b', 'Bad email', 'pro', '1', 'true', NULL, NULL, NULL),"
            " (3, 'a b@x.io', 'Space', NULL, NULL, NULL, NULL, NULL, NULL),"
            " (4, 'UPPER@X.IO', 'Upper is fine', 'free', '-12.50', 'false', NULL, NULL, NULL),"
            " (5, 'ok5@x.io', repeat('x', 65537), NULL, NULL, NULL, NULL, NULL, NULL),"
            " (6, 'ok6@x.io', 'Off list', 'Pro', NULL, NULL, NULL, NULL, NULL),"
            " (7, 'ok7@x.io', 'Empty option clears', '', NULL, NULL, NULL, NULL, NULL),"
            " (8, 'ok8@x.io', 'Exponent', NULL, '1e5', NULL, NULL, NULL, NULL),"
            " (9, 'ok9@x.io', 'Not a number', NULL, 'n/a', NULL, NULL, NULL, NULL),"
            " (10, 'ok10@x.io', 'Yes is no bool', NULL, NULL, 'yes', NULL, NULL, NULL),"
            " (11, 'ok11@x.io', 'Feb 30', NULL, NULL, NULL, '2024-02-30', NULL, NULL),"
            " (12, 'ok12@x.io', 'Time of day', NULL, NULL, NULL, '2024-01-01T10:00:00Z', NULL, NULL),"
            " (13, 'ok13@x.io', 'Not a time', NULL, NULL, NULL, NULL, 'yesterday', NULL),"
            " (14, 'ok14@x.io', 'A date is a time', NULL, NULL, NULL, NULL, '2024-03-05', NULL),"
            " (15, 'ok15@x.io', 'One bad option', NULL, NULL, NULL, NULL, NULL, 'analytics;cooking'),"
            " (16, 'ok16@x.io', 'Trailing separator', NULL, NULL, NULL, NULL, NULL, 'analytics;'),"
            " (17, 'ok17@x.io', 'Two good', NULL, NULL, NULL, NULL, NULL, 'billing;support'),"
            " (18, 'ok18@x.io', '', 'enterprise', '007', 'false', '2024-12-31', NULL, NULL);")
                                              .arg(m_schema)));
        TestSupport::writeFile(f.path(), QStringLiteral("connections/crm.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("hubspot")},
                              {QStringLiteral("baseUrl"), hubspot.url().toString()},
                              {QStringLiteral("token"), QStringLiteral("env:EBB_TEST_HUBSPOT_TOKEN")}})
                .toJson());
        f.writeSync(QStringLiteral("d"),
            QJsonDocument::fromJson(
                QStringLiteral(
                    R"({"source": {"connection": "pg", "query": "SELECT * FROM %1.dirty", "primaryKey": "id"},
            "destination": {"connection": "crm", "object": "contacts", "mode": "upsert", "matchField": "email"},
            "mappings": [{"source": "email", "target": "email"}, {"source": "firstname", "target": "firstname"},
                         {"source": "plan", "target": "plan"}, {"source": "score", "target": "lead_score"},
                         {"source": "active", "target": "is_active"}, {"source": "signup", "target": "signup_date"},
                         {"source": "seen", "target": "last_seen"}, {"source": "interests", "target": "interests"}]})")
                    .arg(m_schema)
                    .toUtf8())
                .object());
        const auto check = f.checkPrediction(QStringLiteral("d"));
        QVERIFY2(check.error.isEmpty(), qPrintable(check.error));
        QCOMPARE(check.refused, check.predicted);
        const QSet<QString>& predicted = check.predicted;
        QCOMPARE(predicted,
            (QSet<QString>{QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("5"), QStringLiteral("6"),
                QStringLiteral("8"), QStringLiteral("9"), QStringLiteral("10"), QStringLiteral("11"),
                QStringLiteral("12"), QStringLiteral("13"), QStringLiteral("15"), QStringLiteral("16")}));
    }
};

QTEST_GUILESS_MAIN(TestHubSpot)
#include "tst_hubspot.moc"
