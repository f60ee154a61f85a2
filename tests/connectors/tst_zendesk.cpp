#include "app/journal/Journal.h"
#include "emulators/ZendeskEmulator.h"
#include "models/mapping/KeyCodec.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QDate>
#include <QFile>
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

    // Why `user` (p<i>@x.io) does not hold row i's values as setUp made them; "" when it does.
    static QString mismatch(const QJsonObject& user)
    {
        const QString email = user.value(QStringLiteral("email")).toString();
        const int i = email.mid(1, email.indexOf(QLatin1Char('@')) - 1).toInt();
        const QJsonObject custom = user.value(QStringLiteral("user_fields")).toObject();
        const QJsonObject expected{
            {QStringLiteral("plan"), i % 2 == 0 ? QStringLiteral("free") : QStringLiteral("pro")},
            {QStringLiteral("vip"), i % 3 == 0},
            {QStringLiteral("signup"), QDate(2024, 1, 1).addDays(i).toString(Qt::ISODate)},
            {QStringLiteral("seats"), i}, {QStringLiteral("ltv"), i / 4.0},
            {QStringLiteral("account_code"), QStringLiteral("ABC-%1").arg(i)}};
        if (email != QStringLiteral("p%1@x.io").arg(i))
            return QStringLiteral("not an email of the fixture");
        if (user.value(QStringLiteral("name")).toString() != QStringLiteral("Person %1").arg(i))
            return QStringLiteral("name %1").arg(user.value(QStringLiteral("name")).toString());
        if (custom != expected)
            return QString::fromUtf8(QJsonDocument(custom).toJson(QJsonDocument::Compact));
        return {};
    }

    // The keys the journal calls synced.
    static QSet<QString> syncedKeys(Fixture& f, const QString& sync)
    {
        QSet<QString> synced;
        auto journal = f.journal();
        auto records = journal->records(sync);
        if (!records)
            return synced;
        while (auto record = (*records)->next()) {
            if (record->status == Journal::Status::Synced)
                synced.insert(KeyCodec::text(record->key));
        }
        return synced;
    }

    // The sync's mapping number `index` with "nulls": `nulls`.
    static void setNulls(Fixture& f, int index, const QString& nulls)
    {
        QFile file(f.path(QStringLiteral("syncs/z.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject sync = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray mappings = sync.value(QStringLiteral("mappings")).toArray();
        QJsonObject mapping = mappings.at(index).toObject();
        mapping.insert(QStringLiteral("nulls"), nulls);
        mappings.replace(index, mapping);
        sync.insert(QStringLiteral("mappings"), mappings);
        f.writeSync(QStringLiteral("z"), sync);
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
            rules << rejectRuleName(r.rule);
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

    // A second run sends only the users whose row changed, each with only the changed fields
    // and the email it is matched by; Zendesk keeps the rest.
    // A new email (the match field) names another user: the record goes whole, so Zendesk
    // can create it (a partial one lacked the name it requires, and failed on every run).
    void aChangedMatchValueSendsTheWholeRecord()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 5);
        QCOMPARE(f.run(QStringLiteral("z")).counts.sent, 5);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET email = 'moved@x.io' WHERE id = 3").arg(m_schema)));
        const RunReport moved = f.run(QStringLiteral("z"));
        QVERIFY2(moved.error.isEmpty(), qPrintable(moved.error));
        QCOMPARE(moved.counts.failed, 0);
        QCOMPARE(moved.counts.sent, 1);
        const QJsonObject sent
            = zendesk.writeBodies().last().value(QStringLiteral("users")).toArray().first().toObject();
        QCOMPARE(sent.value(QStringLiteral("email")).toString(), QStringLiteral("moved@x.io"));
        QCOMPARE(sent.value(QStringLiteral("name")).toString(), QStringLiteral("Person 3"));
        QCOMPARE(sent.value(QStringLiteral("user_fields")).toObject().size(), 6);
        QCOMPARE(f.run(QStringLiteral("z")).counts.sent, 0);
    }

    void secondRunSendsOnlyChangedFields()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 250);
        const RunReport first = f.run(QStringLiteral("z"));
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QCOMPARE(first.counts.sent, 250);
        QCOMPARE(zendesk.writeRequests(), 3);
        // A user sent for the first time carries every mapped field.
        const QJsonObject firstUser
            = zendesk.writeBodies().first().value(QStringLiteral("users")).toArray().first().toObject();
        QCOMPARE(firstUser.value(QStringLiteral("email")).toString(), QStringLiteral("p1@x.io"));
        QCOMPARE(firstUser.value(QStringLiteral("user_fields")).toObject().size(), 6);
        QVERIFY(firstUser.contains(QStringLiteral("name")));

        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("UPDATE %1.people SET seats = 1000 + id WHERE id IN (20, 21, 22);"
                                                     "UPDATE %1.people SET name = 'Renamed' WHERE id = 30;")
                                          .arg(m_schema)));
        const RunReport second = f.run(QStringLiteral("z"));
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
        QCOMPARE(second.counts.sent, 4);
        QCOMPARE(second.counts.failed, 0);
        QCOMPARE(zendesk.writeRequests(), 4);
        const QJsonArray users = zendesk.writeBodies().last().value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 4);
        QSet<QString> emails;
        for (const QJsonValue& value : users) {
            const QJsonObject user = value.toObject();
            const QString email = user.value(QStringLiteral("email")).toString();
            emails.insert(email);
            if (email == QLatin1String("p30@x.io")) {
                QCOMPARE(user, (QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("name"), "Renamed"}}));
            } else {
                const int id = email.mid(1, email.indexOf(QLatin1Char('@')) - 1).toInt();
                QCOMPARE(user,
                    (QJsonObject{{QStringLiteral("email"), email},
                        {QStringLiteral("user_fields"), QJsonObject{{QStringLiteral("seats"), 1000 + id}}}}));
            }
        }
        QCOMPARE(emails,
            (QSet<QString>{QStringLiteral("p20@x.io"), QStringLiteral("p21@x.io"), QStringLiteral("p22@x.io"),
                QStringLiteral("p30@x.io")}));
        // Zendesk has the change and kept the rest.
        QCOMPARE(zendesk.users().size(), 250);
        const QJsonObject p20 = zendesk.findByEmail(QStringLiteral("p20@x.io"));
        QCOMPARE(p20.value(QStringLiteral("name")).toString(), QStringLiteral("Person 20"));
        QCOMPARE(p20.value(QStringLiteral("user_fields")).toObject().value(QStringLiteral("seats")).toInt(), 1020);
        QCOMPARE(p20.value(QStringLiteral("user_fields")).toObject().value(QStringLiteral("account_code")).toString(),
            QStringLiteral("ABC-20"));
        const QJsonObject p30 = zendesk.findByEmail(QStringLiteral("p30@x.io"));
        QCOMPARE(p30.value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
        QCOMPARE(p30.value(QStringLiteral("user_fields")).toObject().value(QStringLiteral("seats")).toInt(), 30);
        // And nothing again.
        QCOMPARE(f.run(QStringLiteral("z")).counts.sent, 0);
        QCOMPARE(zendesk.writeRequests(), 4);
    }

    // One write in ten answered 500, 502 or 503, one request in ten dropped without an answer
    // (the connection reset), and jobs that take several looks to finish: ridden out; every
    // valid user lands once with its values, and a second run has nothing to send.
    void faultsAreRiddenOut()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        zendesk.setPollsToFinish(3);
        zendesk.setErrorRate(0.1, 7);
        zendesk.setDropRate(0.1);
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 2000);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET email = 'not an email' WHERE id = 3").arg(m_schema)));
        const RunReport report = f.run(QStringLiteral("z"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.rejected, 1);
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(report.counts.sent, 1999);
        QVERIFY2(zendesk.writeRequests() > 20, qPrintable(QString::number(zendesk.writeRequests())));
        const auto users = zendesk.users();
        QCOMPARE(users.size(), 1999);
        QSet<QString> emails;
        for (const QJsonObject& user : users) {
            const QString email = user.value(QStringLiteral("email")).toString();
            emails.insert(email);
            const QString why = mismatch(user);
            QVERIFY2(why.isEmpty(), qPrintable(email + QStringLiteral(": ") + why));
        }
        QCOMPARE(emails.size(), 1999);
        QVERIFY(!emails.contains(QStringLiteral("not an email")));

        const int writes = zendesk.writeRequests();
        const RunReport again = f.run(QStringLiteral("z"));
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QCOMPARE(again.counts.sent, 0);
        QCOMPARE(again.counts.failed, 0);
        QCOMPARE(zendesk.writeRequests(), writes);
    }

    // A write that hangs past the connection's timeoutSeconds is given up and sent again; the
    // account took the first one after all, and the second matches the same users by email:
    // every user once.
    void ridesOutTimeouts()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 300);
        TestSupport::writeFile(f.path(), QStringLiteral("connections/zd.json"),
            QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("zendesk")},
                              {QStringLiteral("baseUrl"), zendesk.url().toString()},
                              {QStringLiteral("email"), QStringLiteral("ops@x.io")},
                              {QStringLiteral("token"), QStringLiteral("env:EBB_TEST_ZENDESK_TOKEN")},
                              {QStringLiteral("timeoutSeconds"), 1}})
                .toJson());
        zendesk.setLatency(2500, 2); // the first two writes hang past the timeout
        const RunReport report = f.run(QStringLiteral("z"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 300);
        QCOMPARE(report.counts.failed, 0);
        QVERIFY(zendesk.writeRequests() >= 5); // 3 batches and the 2 that timed out
        const auto users = zendesk.users();
        QCOMPARE(users.size(), 300);
        for (const QJsonObject& user : users)
            QVERIFY2(mismatch(user).isEmpty(), qPrintable(mismatch(user)));
        QCOMPARE(f.run(QStringLiteral("z")).counts.sent, 0);
    }

    // kill -9 in the middle of a run: every user the journal calls synced is in Zendesk with
    // its values, and the next run sends the rest and ends with every user there once.
    void killedMidRunAgreesWithTheStore()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        zendesk.setPollsToFinish(3); // each batch waits for its job: a run of some seconds
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 3000);
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()}), 0);
        QProcess cli;
        cli.start(
            QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), QStringLiteral("z"), QStringLiteral("-w"), f.path()});
        QVERIFY(cli.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(zendesk.writeRequests() >= 6, 30000);
        cli.kill(); // SIGKILL: no clean-up of any kind
        QVERIFY(cli.waitForFinished());
        QCOMPARE(cli.exitStatus(), QProcess::CrashExit);

        const QSet<QString> synced = syncedKeys(f, QStringLiteral("z"));
        QVERIFY2(synced.size() >= 100 && synced.size() < 3000, qPrintable(QString::number(synced.size())));
        for (const QString& id : synced) {
            const QJsonObject user = zendesk.findByEmail(QStringLiteral("p%1@x.io").arg(id));
            QVERIFY2(!user.isEmpty(), qPrintable(id));
            QVERIFY2(mismatch(user).isEmpty(), qPrintable(id + QStringLiteral(": ") + mismatch(user)));
        }
        QVERIFY(zendesk.users().size() >= synced.size());

        const RunReport rest = f.run(QStringLiteral("z"));
        QVERIFY2(rest.error.isEmpty(), qPrintable(rest.error));
        QCOMPARE(rest.status, RunReport::Status::Succeeded);
        QCOMPARE(rest.counts.sent, 3000 - synced.size());
        QCOMPARE(rest.counts.failed, 0);
        const auto users = zendesk.users();
        QCOMPARE(users.size(), 3000);
        QSet<QString> emails;
        for (const QJsonObject& user : users) {
            emails.insert(user.value(QStringLiteral("email")).toString());
            QVERIFY2(mismatch(user).isEmpty(), qPrintable(mismatch(user)));
        }
        QCOMPARE(emails.size(), 3000);
        QCOMPARE(syncedKeys(f, QStringLiteral("z")).size(), 3000);
        QCOMPARE(f.run(QStringLiteral("z")).counts.sent, 0);
    }

    // NULLs: "send" clears the Zendesk field (null); "skip" leaves it out, so what an agent
    // typed in Zendesk stays. Neither is sent again and again.
    void nullsClearOrAreSkipped()
    {
        ZendeskEmulator zendesk(QStringLiteral("ops@x.io"), QStringLiteral("zd-token"));
        QVERIFY(zendesk.listen());
        Fixture f(m_schema);
        setUp(f, zendesk.url(), 5);
        setNulls(f, 2, QStringLiteral("send")); // plan
        setNulls(f, 5, QStringLiteral("skip")); // seats
        QCOMPARE(f.run(QStringLiteral("z")).counts.sent, 5);
        zendesk.edit(QStringLiteral("p1@x.io"),
            QJsonObject{{QStringLiteral("user_fields"), QJsonObject{{QStringLiteral("seats"), 77}}}});
        zendesk.edit(QStringLiteral("p2@x.io"),
            QJsonObject{{QStringLiteral("user_fields"), QJsonObject{{QStringLiteral("seats"), 88}}}});
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.people SET plan = NULL, seats = NULL WHERE id = 1;"
                           "UPDATE %1.people SET seats = NULL WHERE id = 2;") // only a skipped NULL: nothing to send
                .arg(m_schema)));
        const int writes = zendesk.writeRequests();
        const RunReport report = f.run(QStringLiteral("z"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 1);
        QCOMPARE(zendesk.writeRequests(), writes + 1);
        const QJsonArray users = zendesk.writeBodies().last().value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.at(0).toObject(),
            (QJsonObject{{QStringLiteral("email"), QStringLiteral("p1@x.io")},
                {QStringLiteral("user_fields"), QJsonObject{{QStringLiteral("plan"), QJsonValue()}}}}));
        const QJsonObject p1
            = zendesk.findByEmail(QStringLiteral("p1@x.io")).value(QStringLiteral("user_fields")).toObject();
        QVERIFY(p1.contains(QStringLiteral("plan")));
        QVERIFY(p1.value(QStringLiteral("plan")).isNull()); // cleared
        QCOMPARE(p1.value(QStringLiteral("seats")).toInt(), 77); // kept
        const QJsonObject p2
            = zendesk.findByEmail(QStringLiteral("p2@x.io")).value(QStringLiteral("user_fields")).toObject();
        QCOMPARE(p2.value(QStringLiteral("seats")).toInt(), 88);
        QCOMPARE(p2.value(QStringLiteral("plan")).toString(), QStringLiteral("free"));
        // And nothing again.
        const RunReport again = f.run(QStringLiteral("z"));
        QCOMPARE(again.counts.sent, 0);
        QCOMPARE(again.counts.failed, 0);
        QCOMPARE(zendesk.writeRequests(), writes + 1);
    }
};

QTEST_GUILESS_MAIN(TestZendesk)
#include "tst_zendesk.moc"
