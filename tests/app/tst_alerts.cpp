#include "app/demo/DemoWorkspace.h"
#include "app/engine/SyncRunner.h"
#include "app/workspace/WorkspaceLoader.h"
#include "emulators/ChatWebhookEmulator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

// Alerts to a chat webhook on loopback: one when a sync goes wrong (a failed run, or more
// rejects than its threshold), none while it stays wrong, one when it recovers; an alert the
// webhook did not take is sent again by the next run; a URL in the file is refused.
class TestAlerts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static void setQuery(const QString& demo, const QByteArray& from, const QByteArray& to)
    {
        QFile sync(QDir(demo).filePath(QStringLiteral("syncs/customers-to-crm.json")));
        QVERIFY(sync.open(QIODevice::ReadOnly));
        QByteArray text = sync.readAll().replace(from, to);
        sync.close();
        QVERIFY(sync.open(QIODevice::WriteOnly | QIODevice::Truncate));
        sync.write(text);
    }

    static RunReport run(const QString& demo)
    {
        auto workspace = WorkspaceLoader::load(demo);
        if (!workspace)
            return {};
        SyncRunner runner(*workspace, *workspace->sync(QStringLiteral("customers-to-crm")), {}, nullptr, nullptr);
        return runner.run();
    }

private Q_SLOTS:
    void oneAlertPerChangeOfState()
    {
        Emulators::ChatWebhookEmulator chat;
        QVERIFY(chat.listen());
        qputenv("EBB_TEST_ALERT_URL", chat.hookUrl().toString().toUtf8());
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("a")));
        QVERIFY(demo.ok());
        // The workspace's alerts: the demo rejects 142 of 5,213 rows (2.7%), over 2%.
        QFile manifest(QDir(*demo).filePath(QStringLiteral("ebb.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(manifest.readAll()).object();
        manifest.close();
        json.insert(QStringLiteral("alerts"),
            QJsonObject{{QStringLiteral("webhook"), QStringLiteral("env:EBB_TEST_ALERT_URL")},
                {QStringLiteral("rejectPercent"), 2}});
        QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
        manifest.write(QJsonDocument(json).toJson());
        manifest.close();

        QCOMPARE(run(*demo).counts.rejected, 142);
        QCOMPARE(chat.texts().size(), 1);
        QVERIFY2(chat.texts().first().contains(QStringLiteral("customers-to-crm rejected 2.7% of its rows")),
            qPrintable(chat.texts().first()));
        QVERIFY(chat.texts().first().contains(QStringLiteral("• "))); // the first reasons
        run(*demo); // still rejecting (142 kept for the next run): no second alert
        QCOMPARE(chat.texts().size(), 1);

        // Broken: a failing run is another state of "wrong": no new alert either.
        setQuery(*demo, "FROM customer_scores", "FROM customer_scorez");
        QCOMPARE(run(*demo).status, RunReport::Status::Failed);
        QCOMPARE(chat.texts().size(), 1);

        // Recovered (the threshold raised): one alert; then quiet again.
        setQuery(*demo, "FROM customer_scorez", "FROM customer_scores");
        json.insert(QStringLiteral("alerts"),
            QJsonObject{{QStringLiteral("webhook"), QStringLiteral("env:EBB_TEST_ALERT_URL")},
                {QStringLiteral("rejectPercent"), 10}});
        QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
        manifest.write(QJsonDocument(json).toJson());
        manifest.close();
        chat.answerNext({503, 503}); // the webhook is down: not sent, so said again next run
        QCOMPARE(run(*demo).status, RunReport::Status::Succeeded);
        QCOMPARE(chat.texts().size(), 1);
        run(*demo);
        QCOMPARE(chat.texts().size(), 2);
        QVERIFY2(chat.texts().last().contains(QStringLiteral("customers-to-crm recovered")),
            qPrintable(chat.texts().last()));
        run(*demo);
        QCOMPARE(chat.texts().size(), 2);

        // Failing again: one alert, with the error.
        setQuery(*demo, "FROM customer_scores", "FROM customer_scorez");
        run(*demo);
        QCOMPARE(chat.texts().size(), 3);
        QVERIFY2(chat.texts().last().contains(QStringLiteral("failed"))
                && chat.texts().last().contains(QStringLiteral("customer_scorez")),
            qPrintable(chat.texts().last()));
    }

    // ebb-cli's runs say a change of state on the desktop as well (the session's notification
    // service, here the emulator in a process of its own on the test's session bus): once when
    // the sync fails, not while it stays failing, once when it recovers. The window's own runs
    // do not (its tray says them).
    void cliRunsSayItOnTheDesktop()
    {
        QProcess service;
        service.start(QStringLiteral(EBB_EMULATOR_PATH), {QStringLiteral("notifications")});
        QVERIFY(service.waitForReadyRead(10000));
        QCOMPARE(service.readLine().trimmed(), QByteArray("ready"));
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("c")));
        QVERIFY(demo.ok());
        QList<QJsonObject> shown;
        const auto cliRun = [&] {
            QProcess cli;
            // The test run turns desktop notices off for every other test's ebb-cli (they
            // share this session bus); this one wants them.
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("EBB_NOTIFY"));
            cli.setProcessEnvironment(env);
            cli.start(QStringLiteral(EBB_CLI_PATH),
                {QStringLiteral("run"), QStringLiteral("customers-to-crm"), QStringLiteral("-w"), *demo});
            QVERIFY(cli.waitForFinished(60000));
            service.waitForReadyRead(500);
            while (service.canReadLine()) {
                const QJsonObject notice = QJsonDocument::fromJson(service.readLine()).object();
                if (notice.value(QStringLiteral("summary")).toString().contains(QStringLiteral("customers-to-crm")))
                    shown << notice;
            }
        };
        setQuery(*demo, "FROM customer_scores", "FROM customer_scorez");
        cliRun();
        QCOMPARE(shown.size(), 1);
        QCOMPARE(
            shown[0].value(QStringLiteral("summary")).toString(), QStringLiteral("Ebb: sync customers-to-crm failed"));
        QVERIFY2(shown[0].value(QStringLiteral("body")).toString().contains(QStringLiteral("customer_scorez")),
            qPrintable(shown[0].value(QStringLiteral("body")).toString()));
        QCOMPARE(shown[0].value(QStringLiteral("urgency")).toInt(), 2); // critical: it stays until read
        cliRun();
        QCOMPARE(shown.size(), 1); // still failing: said once
        QCOMPARE(run(*demo).status, RunReport::Status::Failed); // a run in the window: not said
        QCOMPARE(shown.size(), 1);
        setQuery(*demo, "FROM customer_scorez", "FROM customer_scores");
        cliRun();
        QCOMPARE(shown.size(), 2);
        QCOMPARE(shown[1].value(QStringLiteral("summary")).toString(),
            QStringLiteral("Ebb: sync customers-to-crm recovered"));
        QCOMPARE(shown[1].value(QStringLiteral("urgency")).toInt(), 1);
        service.terminate();
        QVERIFY(service.waitForFinished(5000));
    }

    void aUrlInTheFileIsRefused()
    {
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("b")));
        QVERIFY(demo.ok());
        QFile sync(QDir(*demo).filePath(QStringLiteral("syncs/customers-to-crm.json")));
        QVERIFY(sync.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(sync.readAll()).object();
        sync.close();
        json.insert(QStringLiteral("alerts"),
            QJsonObject{{QStringLiteral("webhook"), QStringLiteral("https://hooks.slack.com/services/T0/B0/secret")}});
        QVERIFY(sync.open(QIODevice::WriteOnly | QIODevice::Truncate));
        sync.write(QJsonDocument(json).toJson());
        sync.close();
        auto loaded = WorkspaceLoader::load(*demo);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().toString().contains(QStringLiteral("$.alerts.webhook: name the environment variable")),
            qPrintable(loaded.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
