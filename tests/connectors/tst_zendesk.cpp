#include "emulators/ZendeskEmulator.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;
using Ebb::Emulators::ZendeskEmulator;

// The Zendesk destination end to end: PostgreSQL → ebb's engine → the Zendesk emulator
// (docs/API-CONTRACTS.md): users through create_or_update_many jobs, polled to their
// per-user results. What Zendesk refuses (a regexp field's pattern included) is rejected
// before sending, and sent unchecked, exactly those come back as the users' failures.
class TestZendesk : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("zendesk_%1").arg(QCoreApplication::applicationPid());

    void setUp(Fixture& f, const QUrl& url, int rows)
    {
        qputenv("EBB_TEST_ZENDESK_TOKEN", "zd-token");
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.people (id int PRIMARY KEY, name text, email text, plan text, vip bool,"
            " signup date, seats int, ltv numeric(10,2), code text);"
            "INSERT INTO %1.people SELECT i, 'Person ' || i, 'p' || i || '@x.io',"
            " (ARRAY['free','pro'])[1 + i % 2], i % 3 = 0, DATE '2024-01-01' + i, i, i / 4.0, 'ABC-' || i"
            " FROM generate_series(1, %2) i;")
                                              .arg(m_schema)
                                              .arg(rows)));
        TestSupport::writeFile(f.path(), QStringLiteral("connections/zd.json"),
            QJsonDocument(
                QJsonObject{{QStringLiteral("kind"), QStringLiteral("zendesk")},
                    {QStringLiteral("baseUrl"), url.toString()}, {QStringLiteral("email"), QStringLiteral("ops@x.io")},
                    {QStringLiteral("token"), QStringLiteral("env:EBB_TEST_ZENDESK_TOKEN")}})
                .toJson());
        f.writeSync(QStringLiteral("z"),
            QJsonDocument::fromJson(
                QStringLiteral(
                    R"({"source": {"connection": "pg", "query": "SELECT * FROM %1.people ORDER BY id", "primaryKey": "id"},
            "destination": {"connection": "zd", "object": "users", "mode": "upsert", "matchField": "email"},
            "mappings": [{"source": "name", "target": "name"}, {"source": "email", "target": "email"},
                         {"source": "plan", "target": "plan"}, {"source": "vip", "target": "vip"},
                         {"source": "signup", "target": "signup"}, {"source": "seats", "target": "seats"},
                         {"source": "ltv", "target": "ltv"}, {"source": "code", "target": "account_code"}]})")
                    .arg(m_schema)
                    .toUtf8())
                .object());
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    void usersLandThroughJobs()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        zendesk.setPollsToFinish(3); // a job takes a few looks to finish
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 250);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.people SET email = 'not an email' WHERE id = 3;"
                                                         "UPDATE %1.people SET plan = 'gold' WHERE id = 4;"
                                                         "UPDATE %1.people SET code = 'bad' WHERE id = 5;")
                                              .arg(m_schema)));
        const RunReport first = f.run(QStringLiteral("z"));
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QCOMPARE(first.counts.rejected, 3); // email, dropdown value, the regexp field's pattern
        QCOMPARE(first.counts.failed, 0);
        QCOMPARE(first.counts.sent, 247);
        QCOMPARE(zendesk.writeRequests(), 3);
        QVERIFY(zendesk.polls() >= 9);
        QCOMPARE(zendesk.users().size(), 247);
        const auto rejects = f.journal()->rejects(QStringLiteral("z"), first.runId);
        QVERIFY(rejects);
        QStringList rules;
        for (const Reject& r : *rejects)
            rules << r.rule;
        rules.sort();
        QCOMPARE(rules, (QStringList{QStringLiteral("email"), QStringLiteral("option"), QStringLiteral("pattern")}));
        const QJsonObject p10 = zendesk.findByEmail(QStringLiteral("p10@x.io"));
        QCOMPARE(p10.value(QStringLiteral("name")).toString(), QStringLiteral("Person 10"));
        const QJsonObject custom = p10.value(QStringLiteral("user_fields")).toObject();
        QCOMPARE(custom.value(QStringLiteral("plan")).toString(), QStringLiteral("free"));
        QCOMPARE(custom.value(QStringLiteral("vip")).toBool(), false);
        QCOMPARE(custom.value(QStringLiteral("signup")).toString(), QStringLiteral("2024-01-11"));
        QCOMPARE(custom.value(QStringLiteral("seats")).toInt(), 10);
        QCOMPARE(custom.value(QStringLiteral("ltv")).toDouble(), 2.5);

        // Sent unchecked, Zendesk refuses exactly those, each in its job's results.
        RunOptions unchecked;
        unchecked.validate = false;
        const RunReport sentAnyway = f.run(QStringLiteral("z"), unchecked);
        QCOMPARE(sentAnyway.counts.failed, 3);
        const auto failures = f.journal()->failures(QStringLiteral("z"), sentAnyway.runId);
        QVERIFY(failures);
        QSet<QString> refused;
        for (const Reject& failure : *failures)
            refused.insert(failure.key);
        QCOMPARE(refused, (QSet<QString>{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")}));

        // Fixed in the warehouse: that user goes with the next run.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET code = 'ABC-5' WHERE id = 5").arg(m_schema)));
        const RunReport second = f.run(QStringLiteral("z"));
        QCOMPARE(second.counts.sent, 1);
        QCOMPARE(zendesk.users().size(), 248);
    }

    // 429 with Retry-After is waited out; wrong credentials (401) stop the run.
    void rateLimitsAndCredentials()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        zendesk.answerNext({429, 503});
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 120);
        const RunReport report = f.run(QStringLiteral("z"));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, 120);
        QCOMPARE(zendesk.users().size(), 120);

        ZendeskEmulator other(QStringLiteral("ops@x.io"), QStringLiteral("another"));
        QVERIFY(other.listen());
        Fixture g(m_schema);
        setUp(g, other.url(), 10);
        const RunReport refused = g.run(QStringLiteral("z"));
        QCOMPARE(refused.status, RunReport::Status::Failed);
        QVERIFY2(refused.error.contains(QStringLiteral("401")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(QStringLiteral("zd-token")));
        QCOMPARE(other.users().size(), 0);

        // connections test reads the user fields with the credentials.
        QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()});
        QProcess cli;
        cli.start(QStringLiteral(EBB_CLI_PATH),
            {QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("zd"), QStringLiteral("-w"),
                f.path()});
        QVERIFY(cli.waitForFinished(60000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("credentials accepted: users have 18 fields")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestZendesk)
#include "tst_zendesk.moc"
