#include "connectors/destinations/WebhookProtocol.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "emulators/WebhookEmulator.h"
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

private Q_SLOTS:
    // The signature of Standard Webhooks' own example (its README and test vectors).
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
};

QTEST_GUILESS_MAIN(TestWebhook)
#include "tst_webhook.moc"
