#include "app/demo/DemoWorkspace.h"
#include "app/engine/RunLock.h"
#include "app/studio/InAppScheduler.h"
#include "app/studio/RunArchive.h"
#include "app/workspace/WorkspaceLoader.h"
#include "models/schedule/CronExpression.h"
#include "support/TrustedDemo.h"
#include "ui/MainWindow.h"
#include "ui/editor/SyncEditor.h"
#include "ui/schedule/ScheduleStep.h"
#include "ui/schedule/TrayIcon.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

// The in-app scheduler runs a due sync once — not while another run holds its lock, and not
// again before its next fire time; closing the window with schedules active keeps Ebb in the
// tray (open and quit from there), and a scheduled run that fails is said on the desktop.
class TestInAppScheduler : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // The demo, with customers-to-crm run every hour (the demo itself schedules nothing: it
    // would send on its own as soon as it is opened).
    QString trustedDemo(const QString& name)
    {
        const QString demo = TestSupport::trustedDemo(m_dir.filePath(name));
        QFile file(QDir(demo).filePath(QStringLiteral("syncs/customers-to-crm.json")));
        if (demo.isEmpty() || !file.open(QIODevice::ReadOnly))
            return {};
        QJsonObject sync = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        sync.insert(QStringLiteral("schedule"), QJsonObject{{QStringLiteral("every"), QStringLiteral("1h")}});
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(QJsonDocument(sync).toJson());
        return demo;
    }

    // One pass, waited for; what it did with each scheduled sync.
    static QList<ScheduledSync> pass(InAppScheduler& scheduler)
    {
        QList<ScheduledSync> results;
        QObject context;
        QObject::connect(&scheduler, &InAppScheduler::synced, &context,
            [&results](const ScheduledSync& result) { results << result; });
        QSignalSpy finished(&scheduler, &InAppScheduler::passFinished);
        if (!scheduler.checkNow())
            return results;
        finished.wait(60000);
        return results;
    }

private Q_SLOTS:
    void runsADueSyncOnceAndNeverTwiceAtOnce()
    {
        const QString demo = trustedDemo(QStringLiteral("a"));
        QVERIFY(!demo.isEmpty());
        auto workspace = WorkspaceLoader::load(demo);
        QVERIFY(workspace);
        InAppScheduler scheduler;
        scheduler.setPaused(false);
        scheduler.setWorkspace(*workspace, true);
        QVERIFY(scheduler.hasSchedules()); // customers-to-crm runs every hour

        {
            // Another run holds the sync's lock: the pass skips it.
            auto held = RunLock::acquire(workspace->stateDir(), QStringLiteral("customers-to-crm"));
            QVERIFY(held);
            const QList<ScheduledSync> skipped = pass(scheduler);
            QCOMPARE(skipped.size(), 1);
            QCOMPARE(skipped.first().outcome, ScheduledSync::Outcome::Skipped);
        }
        QCOMPARE(RunArchive(*workspace).runs(QStringLiteral("customers-to-crm"), 10)->size(), 0);

        // Free: it runs, once.
        const QList<ScheduledSync> ran = pass(scheduler);
        QCOMPARE(ran.size(), 1);
        QCOMPARE(ran.first().outcome, ScheduledSync::Outcome::Ran);
        QVERIFY(ran.first().report.counts.sent > 0);
        // Not due again for an hour.
        QVERIFY(pass(scheduler).isEmpty());
        QCOMPARE(RunArchive(*workspace).runs(QStringLiteral("customers-to-crm"), 10)->size(), 1);
        // The history says the schedule started it.
        QCOMPARE(RunArchive(*workspace).runs(QStringLiteral("customers-to-crm"), 10)->first().options.origin,
            RunOptions::Origin::Schedule);

        // Paused, nothing starts.
        scheduler.setPaused(true);
        QVERIFY(!scheduler.checkNow());
    }

    // The Schedule step's next five start times, as you type, against the cron engine; a
    // mistake is marked and nothing is handed on; a valid edit is.
    void scheduleStepShowsTheNextFiveRuns()
    {
        ScheduleStep step;
        QSignalSpy edited(&step, &ScheduleStep::scheduleEdited);
        const QDateTime now(QDate(2026, 12, 6), QTime(10, 7), Qt::UTC);
        step.setNow(now);
        step.show({}, {}, QDateTime(QDate(2026, 12, 6), QTime(10, 0), Qt::UTC));
        QVERIFY(step.upcoming().isEmpty());
        step.cronButton()->setChecked(true);
        QTest::keyClicks(step.cronEdit(), QStringLiteral("*/15 9-17 * * mon-fri"));
        const auto cron = CronExpression::parse(QStringLiteral("*/15 9-17 * * mon-fri"));
        QVERIFY(cron);
        QList<QDateTime> expected;
        QDateTime at(QDate(2026, 12, 6), QTime(10, 0), Qt::UTC); // a Sunday
        for (int i = 0; i < 5; ++i)
            expected << (at = cron->next(at));
        QCOMPARE(step.upcoming(), expected);
        QCOMPARE(expected.first(), QDateTime(QDate(2026, 12, 7), QTime(9, 0), Qt::UTC)); // Monday 09:00
        QVERIFY(step.upcomingLabel()->text().contains(QStringLiteral("Mon 2026-12-07 09:00 UTC")));
        QTest::keyClick(step.cronEdit(), Qt::Key_Return);
        QCOMPARE(edited.size(), 1);
        QCOMPARE(edited.last().first().toJsonObject().value(QStringLiteral("cron")).toString(),
            QStringLiteral("*/15 9-17 * * mon-fri"));

        // A mistake: marked, no times, not handed on.
        step.cronEdit()->clear();
        QTest::keyClicks(step.cronEdit(), QStringLiteral("61 * * * *"));
        QVERIFY(step.upcoming().isEmpty());
        QVERIFY2(step.upcomingLabel()->text().contains(QStringLiteral("✗")), qPrintable(step.upcomingLabel()->text()));
        QTest::keyClick(step.cronEdit(), Qt::Key_Return);
        QCOMPARE(edited.size(), 1);

        // Every just chosen, nothing typed: what to type, not a mistake, and nothing handed on.
        step.everyButton()->setChecked(true);
        QVERIFY2(!step.upcomingLabel()->text().contains(QStringLiteral("✗")), qPrintable(step.upcomingLabel()->text()));
        QCOMPARE(edited.size(), 1);
        // Every 2h from the last run's start; a sync that never ran is due at once.
        QTest::keyClicks(step.everyEdit(), QStringLiteral("2h"));
        QCOMPARE(step.upcoming().first(), QDateTime(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC));
        step.show(QJsonObject{{QStringLiteral("every"), QStringLiteral("2h")}}, {}, QDateTime());
        QCOMPARE(step.upcoming().first(), now);
        // Every 30s: the times say their seconds, so no two read alike.
        step.show(QJsonObject{{QStringLiteral("every"), QStringLiteral("30s")}}, {},
            QDateTime(QDate(2026, 12, 6), QTime(10, 6, 50), Qt::UTC));
        QVERIFY2(step.upcomingLabel()->text().contains(QStringLiteral("10:07:20")),
            qPrintable(step.upcomingLabel()->text()));
    }

    // The tests run with EBB_SCHEDULER=off: the next runs say the window starts none of them,
    // until Pause Schedules is undone (the log said "paused" while the step listed them).
    void theNextRunsSayWhenThisWindowIsPaused()
    {
        const QString demo = trustedDemo(QStringLiteral("p"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo, QStringLiteral("customers-to-crm")));
        ScheduleStep* step = window.editor()->scheduleStep();
        step->everyEdit()->selectAll();
        QTest::keyClicks(step->everyEdit(), QStringLiteral("1h"));
        QLabel* upcoming = step->upcomingLabel();
        QVERIFY(window.scheduler()->isPaused());
        QVERIFY2(upcoming->text().contains(QStringLiteral("Next runs:"))
                && upcoming->text().contains(QStringLiteral("Schedules are paused in this window")),
            qPrintable(upcoming->text()));
        window.scheduler()->setPaused(false);
        QVERIFY2(upcoming->text().contains(QStringLiteral("Next runs:"))
                && !upcoming->text().contains(QStringLiteral("Paused")),
            qPrintable(upcoming->text()));
        window.scheduler()->setPaused(true);
        QVERIFY(upcoming->text().contains(QStringLiteral("Schedules are paused in this window")));
    }

    // Save takes what is typed in the Schedule step, cursor still in the box; a mistake is not
    // saved and says why (an analyst saw "Saved" while the file kept the old schedule).
    void saveTakesTheScheduleAsTyped()
    {
        const QString demo = trustedDemo(QStringLiteral("d"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo, QStringLiteral("customers-to-crm")));
        ScheduleStep* step = window.editor()->scheduleStep();
        step->everyEdit()->selectAll();
        QTest::keyClicks(step->everyEdit(), QStringLiteral("2m")); // no Tab, no Enter
        QVERIFY(window.editor()->save());
        auto loaded = WorkspaceLoader::load(demo);
        QCOMPARE(loaded->sync(QStringLiteral("customers-to-crm"))->schedule.value(QStringLiteral("every")).toString(),
            QStringLiteral("2m"));
        step->everyEdit()->selectAll();
        QTest::keyClicks(step->everyEdit(), QStringLiteral("2x"));
        auto refused = window.editor()->save();
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("not saved")), qPrintable(refused.error().message));
        QCOMPARE(WorkspaceLoader::load(demo)
                     ->sync(QStringLiteral("customers-to-crm"))
                     ->schedule.value(QStringLiteral("every"))
                     .toString(),
            QStringLiteral("2m"));
    }

    void closingKeepsEbbInTheTray()
    {
        const QString demo = trustedDemo(QStringLiteral("b"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        window.scheduler()->setPaused(false);
        window.trayIcon()->setAvailableForTesting(true);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();
        QVERIFY(!window.isVisible());
        QVERIFY(window.trayIcon()->isShown());
        QVERIFY(window.trayIcon()->lastNotification().contains(QStringLiteral("keeps running")));
        Q_EMIT window.trayIcon()->openRequested();
        QVERIFY(window.isVisible());
        // Paused from the tray: closing closes.
        window.trayIcon()->pauseAction()->trigger();
        QVERIFY(window.scheduler()->isPaused());
        window.close();
        QVERIFY(!window.isVisible());
        QApplication::setQuitOnLastWindowClosed(true);
    }

    void aFailedScheduledRunIsNotified()
    {
        const QString demo = trustedDemo(QStringLiteral("c"));
        QFile sync(QDir(demo).filePath(QStringLiteral("syncs/customers-to-crm.json")));
        QVERIFY(sync.open(QIODevice::ReadOnly));
        QByteArray text = sync.readAll().replace("FROM customer_scores", "FROM customer_scorez");
        sync.close();
        QVERIFY(sync.open(QIODevice::WriteOnly | QIODevice::Truncate));
        sync.write(text);
        sync.close();
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        window.scheduler()->setPaused(false);
        QSignalSpy finished(window.scheduler(), &InAppScheduler::passFinished);
        QVERIFY(window.scheduler()->checkNow());
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY2(window.trayIcon()->lastNotification().contains(QStringLiteral("customers-to-crm failed")),
            qPrintable(window.trayIcon()->lastNotification()));
        QVERIFY(window.trayIcon()->lastNotification().contains(QStringLiteral("customer_scorez")));
    }
};

QTEST_MAIN(TestInAppScheduler)
#include "tst_inappscheduler.moc"
