#include "app/journal/Journal.h"
#include "connectors/destinations/WebhookProtocol.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "emulators/WebhookEmulator.h"
#include "models/mapping/KeyCodec.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;
using Ebb::Emulators::WebhookEmulator;

// The webhook destination end to end: a SQLite warehouse → ebb's engine → a Standard Webhooks
// receiver on loopback that checks every signature, through rate limits, server errors and a
// disabled endpoint, with every valid row delivered once.
class TestWebhook : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("webhook_%1").arg(QCoreApplication::applicationPid());
    const QByteArray m_key = QByteArrayLiteral("a 32-byte key for the test hooks");

    // A warehouse of `rows` people and a sync of them to `url`, its secret from EBB_TEST_HOOK_SECRET.
    void setUp(Fixture& f, const QUrl& url, int rows, int batchSize)
    {
        qputenv("EBB_TEST_HOOK_SECRET", "whsec_" + m_key.toBase64());
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, score REAL);"
                                        "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < %1)"
                                        " INSERT INTO people SELECT i, 'p' || i || '@x.io', i / 2.0 FROM g;")
                             .arg(rows))
                    .ok());
        TestSupport::writeFile(f.path(), QStringLiteral("connections/hook.json"),
            QJsonDocument(
                QJsonObject{{QStringLiteral("kind"), QStringLiteral("webhook")},
                    {QStringLiteral("url"), url.toString()},
                    {QStringLiteral("secret"), QStringLiteral("env:EBB_TEST_HOOK_SECRET")},
                    {QStringLiteral("batchSize"), batchSize},
                    {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Team"), QStringLiteral("ops")}}}})
                .toJson());
        f.writeSync(QStringLiteral("h"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT * FROM people", "primaryKey": "id"},
            "destination": {"connection": "hook"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}, {"source": "score", "target": "score"}]})")
                .object());
    }

    static QSet<qint64> ids(const QList<QJsonObject>& events)
    {
        QSet<qint64> result;
        for (const QJsonObject& e : events)
            result.insert(e.value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toInteger());
        return result;
    }

    // The keys the journal calls synced.
    static QSet<QString> syncedKeys(Fixture& f)
    {
        QSet<QString> synced;
        auto journal = f.journal();
        auto records = journal->records(QStringLiteral("h"));
        if (!records)
            return synced;
        while (auto record = (*records)->next()) {
            if (record->status == Journal::Status::Synced)
                synced.insert(KeyCodec::text(record->key));
        }
        return synced;
    }

    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    // The signature of Standard Webhooks' own example (its README and test vectors).
    // The prediction is exact for a webhook too: it takes any field and any value, so a dirty
    // fixture (text in a number column, NaN, 2 KB of text, control characters, odd unicode) is
    // rejected by neither the preview nor the receiver — every row arrives, as predicted.
    void rejectsArePredictedExactly()
    {
        WebhookEmulator hooks(m_key);
        QVERIFY(hooks.listen());
        Fixture f(m_schema);
        setUp(f, hooks.url(), 0, 10);
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(
            db->exec(QStringLiteral("INSERT INTO people VALUES (101, 'not an email', 'abc'), (102, NULL, 1e308 * 10),"
                                    " (103, printf('%.*c', 2048, 'x'), -0.0), (104, char(1, 9, 10), NULL),"
                                    " (105, 'Zoë 😀 ​', 3.5)"))
                .ok());
        const auto check = f.checkPrediction(QStringLiteral("h"));
        QVERIFY2(check.error.isEmpty(), qPrintable(check.error));
        QCOMPARE(check.refused, check.predicted);
        QVERIFY(check.predicted.isEmpty());
        QCOMPARE(ids(hooks.events()), (QSet<qint64>{1, 101, 102, 103, 104, 105})); // 1: setUp's own row
    }

    void signatureOfTheStandardsExample()
    {
        const QByteArray key = WebhookProtocol::keyOf(QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        QCOMPARE(WebhookProtocol::signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    void deliversEveryRowOnceSigned()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 250, 100);
        const RunReport first = f.run(QStringLiteral("h"));
        QCOMPARE(first.status, RunReport::Status::Succeeded);
        QCOMPARE(first.counts.sent, 250);
        QCOMPARE(hook.badSignatures(), 0);
        QCOMPARE(hook.requests(), 3); // 100 + 100 + 50
        const QList<QJsonObject> events = hook.events();
        QCOMPARE(events.size(), 250);
        QCOMPARE(ids(events).size(), 250);
        QCOMPARE(events.first().value(QStringLiteral("type")).toString(), QStringLiteral("h.upsert"));
        QCOMPARE(events.first().value(QStringLiteral("data")).toObject(),
            QJsonObject({{QStringLiteral("id"), 1}, {QStringLiteral("email"), QStringLiteral("p1@x.io")},
                {QStringLiteral("score"), 0.5}}));
        // A second run sends only what changed.
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db->exec(QStringLiteral("UPDATE people SET score = 99 WHERE id IN (7, 8)")).ok());
        const RunReport second = f.run(QStringLiteral("h"));
        QCOMPARE(second.counts.sent, 2);
        QCOMPARE(hook.events().size(), 252);
        QCOMPARE(
            hook.events().last().value(QStringLiteral("data")).toObject().value(QStringLiteral("score")).toDouble(),
            99.0);
    }

    // 429s and 503s with Retry-After are waited out; every row lands once.
    void ridesOutRateLimitsAndServerErrors()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 30, 10);
        hook.answerNext({429, 503, 502, 429});
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, 30);
        QCOMPARE(hook.events().size(), 30);
        QCOMPARE(ids(hook.events()).size(), 30);
        QCOMPARE(hook.badSignatures(), 0);
    }

    // 410: the endpoint is gone. The run stops saying so, and nothing is journaled as sent:
    // the next run, once the endpoint is back, sends every row.
    void aGoneEndpointStopsTheRun()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 20, 5);
        hook.setGone(true);
        const RunReport stopped = f.run(QStringLiteral("h"));
        QCOMPARE(stopped.status, RunReport::Status::Failed);
        QVERIFY2(stopped.error.contains(QStringLiteral("410")) && stopped.error.contains(QStringLiteral("gone")),
            qPrintable(stopped.error));
        QCOMPARE(stopped.counts.sent, 0);
        hook.setGone(false);
        const RunReport again = f.run(QStringLiteral("h"));
        QCOMPARE(again.counts.sent, 20);
        QCOMPARE(hook.events().size(), 20);
    }

    // `connections test` on a webhook sends nothing: it finds the secret and reaches the host;
    // an endpoint nobody listens on fails with the address.
    void connectionsTestSendsNothing()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 1, 1);
        const auto cli = [&f](const QStringList& arguments) {
            QProcess process;
            process.start(QStringLiteral(EBB_CLI_PATH),
                arguments.first() == QLatin1String("trust") ? arguments
                                                            : arguments + QStringList{QStringLiteral("-w"), f.path()});
            process.waitForFinished(60000);
            return std::make_pair(process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()));
        };
        QCOMPARE(cli({QStringLiteral("trust"), f.path()}).first, 0);
        const auto [code, out] = cli({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("hook")});
        QVERIFY2(
            code == 0 && out.contains(QStringLiteral("127.0.0.1 reachable; signing secret found")), qPrintable(out));
        QCOMPARE(hook.requests(), 0);

        TestSupport::writeFile(f.path(), QStringLiteral("connections/hook.json"),
            "{\"kind\": \"webhook\", \"url\": \"http://127.0.0.1:9/hook\"}");
        QCOMPARE(cli({QStringLiteral("trust"), f.path()}).first, 0);
        const auto [failedCode, failed]
            = cli({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("hook")});
        QVERIFY2(failedCode != 0 && failed.contains(QStringLiteral("127.0.0.1:9")), qPrintable(failed));
    }

    // A wrong secret: the receiver refuses every signature (401), and the run stops with it.
    void aWrongSecretIsRefused()
    {
        WebhookEmulator hook("another key");
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 5, 5);
        const RunReport report = f.run(QStringLiteral("h"));
        QCOMPARE(report.status, RunReport::Status::Failed);
        QVERIFY2(report.error.contains(QStringLiteral("401")), qPrintable(report.error));
        QCOMPARE(hook.events().size(), 0);
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 0); // still refused: nothing was acknowledged
    }

    // One request in ten answered 500, 502, 503 or 504 at random, and one in ten dropped
    // without an answer (the connection reset): every event is delivered, each record is
    // acknowledged once in the journal, and a retried message keeps its webhook-id (the
    // receiver's idempotency key). A second run sends nothing.
    void faultsAreRiddenOut()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        hook.setErrorRate(0.1, 7);
        hook.setDropRate(0.1);
        Fixture f(m_schema);
        setUp(f, hook.url(), 300, 10);
        const RunReport report = f.run(QStringLiteral("h"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.sent, 300);
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(hook.badSignatures(), 0);
        QSet<qint64> all;
        for (qint64 id = 1; id <= 300; ++id)
            all.insert(id);
        QCOMPARE(ids(hook.events()), all);
        QCOMPARE(syncedKeys(f).size(), 300);

        // The receiver's log: the same id always carries the same events, an event travels
        // under one id only, and every message answered with an error came again, with its id,
        // until it was taken.
        const QList<WebhookEmulator::Delivery> received = hook.received();
        QHash<QByteArray, QList<qint64>> eventsOf; // webhook-id → the events' ids
        QHash<qint64, QSet<QByteArray>> messagesOf; // event id → the webhook-ids it came under
        QSet<QByteArray> taken;
        int failed = 0;
        for (const WebhookEmulator::Delivery& d : received) {
            QVERIFY(!d.id.isEmpty());
            QList<qint64> events;
            for (const QJsonObject& e : d.events) {
                const qint64 id = e.value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toInteger();
                events << id;
                messagesOf[id].insert(d.id);
            }
            if (eventsOf.contains(d.id))
                QCOMPARE(events, eventsOf.value(d.id));
            eventsOf.insert(d.id, events);
            if (d.status >= 200 && d.status < 300)
                taken.insert(d.id);
            else
                ++failed;
        }
        QVERIFY2(failed > 0, "no request was answered with an error: nothing was retried");
        for (auto it = messagesOf.cbegin(); it != messagesOf.cend(); ++it)
            QVERIFY2(it.value().size() == 1,
                qPrintable(QStringLiteral("event %1 came under %2 webhook-ids").arg(it.key()).arg(it.value().size())));
        int retried = 0;
        for (int i = 0; i < received.size(); ++i) {
            const WebhookEmulator::Delivery& d = received[i];
            if (d.status >= 200 && d.status < 300)
                continue;
            QVERIFY2(taken.contains(d.id), d.id.constData()); // it came again, with the same id, and was taken
            bool again = false;
            for (int j = i + 1; j < received.size() && !again; ++j)
                again = received[j].id == d.id;
            QVERIFY2(again, d.id.constData());
            ++retried;
        }
        QCOMPARE(retried, failed);

        const int requests = hook.requests();
        const RunReport second = f.run(QStringLiteral("h"));
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
        QCOMPARE(second.counts.sent, 0);
        QCOMPARE(hook.requests(), requests);
    }

    // A receiver that hangs past the connection's timeoutSeconds: the request is given up and
    // sent again with the same webhook-id, so the receiver, which took the first after all,
    // acknowledges the second as a duplicate. Every event once.
    void ridesOutTimeouts()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 50, 10);
        QJsonObject connection
            = QJsonDocument::fromJson(readFile(f.path(QStringLiteral("connections/hook.json")))).object();
        connection.insert(QStringLiteral("timeoutSeconds"), 1);
        TestSupport::writeFile(f.path(), QStringLiteral("connections/hook.json"), QJsonDocument(connection).toJson());
        hook.setLatency(2500, 1); // the first request hangs past the timeout
        const RunReport report = f.run(QStringLiteral("h"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.sent, 50);
        QCOMPARE(report.counts.failed, 0);
        QVERIFY(hook.requests() >= 6); // 5 batches and the one that timed out
        QCOMPARE(hook.events().size(), 50);
        QCOMPARE(ids(hook.events()).size(), 50);
        QVERIFY(hook.duplicates() >= 1);
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 0);
    }

    // kill -9 in the middle of a run: every record the journal calls sent was received, and
    // the next run sends the rest, so every record was received at least once.
    void killedMidRunAgreesWithTheReceiver()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        hook.setLatency(40);
        Fixture f(m_schema);
        setUp(f, hook.url(), 2000, 10);
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()}), 0);
        QProcess cli;
        cli.start(
            QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), QStringLiteral("h"), QStringLiteral("-w"), f.path()});
        QVERIFY(cli.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(hook.requests() >= 20, 30000);
        cli.kill(); // SIGKILL: no clean-up of any kind
        QVERIFY(cli.waitForFinished());
        QCOMPARE(cli.exitStatus(), QProcess::CrashExit);

        const QSet<QString> synced = syncedKeys(f);
        QVERIFY2(synced.size() >= 50 && synced.size() < 2000, qPrintable(QString::number(synced.size())));
        const QSet<qint64> received = ids(hook.events());
        for (const QString& key : synced)
            QVERIFY2(received.contains(key.toLongLong()), qPrintable(key));
        QVERIFY(received.size() >= synced.size());

        hook.setLatency(0);
        const RunReport rest = f.run(QStringLiteral("h"));
        QVERIFY2(rest.error.isEmpty(), qPrintable(rest.error));
        QCOMPARE(rest.status, RunReport::Status::Succeeded);
        QCOMPARE(rest.counts.sent, 2000 - synced.size());
        QCOMPARE(rest.counts.failed, 0);
        QSet<qint64> all;
        for (qint64 id = 1; id <= 2000; ++id)
            all.insert(id);
        QCOMPARE(ids(hook.events()), all);
        QCOMPARE(hook.badSignatures(), 0);
        QCOMPARE(syncedKeys(f).size(), 2000);
        QCOMPARE(f.run(QStringLiteral("h")).counts.sent, 0);
    }

    // NULLs: with "send" the event's data carries null for the field; with "skip" the field is
    // not in the data at all. Nothing is sent again and again.
    void nullsClearOrAreSkipped()
    {
        WebhookEmulator hook(m_key);
        QVERIFY(hook.listen());
        Fixture f(m_schema);
        setUp(f, hook.url(), 5, 5);
        QJsonObject sync = QJsonDocument::fromJson(readFile(f.path(QStringLiteral("syncs/h.json")))).object();
        QJsonArray mappings = sync.value(QStringLiteral("mappings")).toArray();
        QJsonObject email = mappings.at(1).toObject();
        email.insert(QStringLiteral("nulls"), QStringLiteral("skip"));
        mappings.replace(1, email);
        QJsonObject score = mappings.at(2).toObject();
        score.insert(QStringLiteral("nulls"), QStringLiteral("send"));
        mappings.replace(2, score);
        sync.insert(QStringLiteral("mappings"), mappings);
        f.writeSync(QStringLiteral("h"), sync);
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db->exec(QStringLiteral("UPDATE people SET email = NULL WHERE id = 3;"
                                        "UPDATE people SET score = NULL WHERE id = 4;"))
                    .ok());
        const RunReport first = f.run(QStringLiteral("h"));
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QCOMPARE(first.counts.sent, 5);
        QHash<qint64, QJsonObject> data;
        for (const QJsonObject& e : hook.events()) {
            const QJsonObject d = e.value(QStringLiteral("data")).toObject();
            data.insert(d.value(QStringLiteral("id")).toInteger(), d);
        }
        QCOMPARE(data.value(3), (QJsonObject{{QStringLiteral("id"), 3}, {QStringLiteral("score"), 1.5}}));
        QCOMPARE(data.value(4),
            (QJsonObject{{QStringLiteral("id"), 4}, {QStringLiteral("email"), QStringLiteral("p4@x.io")},
                {QStringLiteral("score"), QJsonValue()}}));
        QVERIFY(data.value(4).value(QStringLiteral("score")).isNull());

        QVERIFY(db->exec(QStringLiteral("UPDATE people SET email = NULL, score = NULL WHERE id = 1")).ok());
        const RunReport second = f.run(QStringLiteral("h"));
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
        QCOMPARE(second.counts.sent, 1);
        QCOMPARE(hook.events().size(), 6);
        const QJsonObject last = hook.events().last().value(QStringLiteral("data")).toObject();
        QCOMPARE(last, (QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("score"), QJsonValue()}}));
        QVERIFY(!last.contains(QStringLiteral("email")));
        QVERIFY(last.value(QStringLiteral("score")).isNull());
        // And nothing again.
        const RunReport again = f.run(QStringLiteral("h"));
        QCOMPARE(again.counts.sent, 0);
        QCOMPARE(hook.events().size(), 6);
    }
};

QTEST_GUILESS_MAIN(TestWebhook)
#include "tst_webhook.moc"
