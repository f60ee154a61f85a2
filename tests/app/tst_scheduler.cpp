#include "app/engine/RunLock.h"
#include "app/engine/Scheduler.h"
#include "app/engine/SyncRunner.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

namespace {

using Outcomes = QMap<QString, QString>; // sync → outcome name ("ran", "not due", …)

QByteArray syncJson(const QByteArray& query, const QByteArray& destination, const QByteArray& schedule)
{
    return R"({"source": {"connection": "wh", "query": ")" + query + R"(", "primaryKey": "email"},
               "destination": {"connection": ")"
        + destination + R"("},
               "mappings": [{"source": "email", "target": "email"}, {"source": "name", "target": "name"}])"
        + (schedule.isEmpty() ? QByteArray() : ", \"schedule\": " + schedule) + "}";
}

// A workspace in `folder`: a SQLite warehouse with three customers, one JSONL file
// destination per sync, and the given syncs (id → sync file).
bool makeWorkspace(const QString& folder, const QMap<QString, QByteArray>& syncs)
{
    TestSupport::writeFile(folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "sched"})");
    TestSupport::writeFile(
        folder, QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": "warehouse.sqlite"})");
    auto db = SqliteHandle::open(
        QDir(folder).filePath(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
    if (!db
        || !db->exec(
            QStringLiteral("CREATE TABLE customers (email TEXT PRIMARY KEY, name TEXT);"
                           "INSERT INTO customers VALUES ('a@x.io', 'Ada'), ('b@x.io', 'Bo'), ('c@x.io', 'Cy');")))
        return false;
    for (auto it = syncs.begin(); it != syncs.end(); ++it) {
        TestSupport::writeFile(folder, QStringLiteral("connections/out-%1.json").arg(it.key()),
            QStringLiteral(R"({"kind": "file", "path": "%1.jsonl", "format": "jsonl"})").arg(it.key()).toUtf8());
        TestSupport::writeFile(folder, QStringLiteral("syncs/%1.json").arg(it.key()), it.value());
    }
    return true;
}

Outcomes outcomes(const QList<ScheduledSync>& results)
{
    Outcomes map;
    for (const ScheduledSync& r : results)
        map.insert(r.sync, ScheduledSync::outcomeName(r.outcome));
    return map;
}

const ScheduledSync* find(const QList<ScheduledSync>& results, const QString& sync)
{
    for (const ScheduledSync& r : results) {
        if (r.sync == sync)
            return &r;
    }
    return nullptr;
}

} // namespace

// The scheduler over a real workspace: SQLite warehouse, JSONL files, the journal in .ebb/.
// Runs record the real clock, as every run does, so all runs start close to the real time
// the test began; each pass's `now` lies ahead of that by what the step needs.
class TestScheduler : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_root;
    QDateTime m_now; // the first pass's now: a few minutes after the real time
    Workspace m_workspace;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_root = m_dir.filePath(QStringLiteral("ws"));
        m_now = QDateTime::currentDateTimeUtc().addSecs(5 * 60);
        // Daily, twelve hours from now: it never falls due within the test's passes.
        const QDateTime daily = QDateTime::currentDateTimeUtc().addSecs(12 * 3600);
        const QByteArray cron
            = QStringLiteral(R"({"cron": "%1 %2 * * *"})").arg(daily.time().minute()).arg(daily.time().hour()).toUtf8();
        const QByteArray query = "SELECT email, name FROM customers";
        QVERIFY(makeWorkspace(m_root,
            {{QStringLiteral("hourly"), syncJson(query, "out-hourly", R"({"every": "1h"})")},
                {QStringLiteral("daily"), syncJson(query, "out-daily", cron)},
                {QStringLiteral("manual"), syncJson(query, "out-manual", {})}}));
        auto loaded = WorkspaceLoader::load(m_root);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
        m_workspace = *loaded;
    }

    // The rows run in order, each on the journal the rows before it left.
    void passes_data()
    {
        QTest::addColumn<int>("minutesAfterFirst");
        QTest::addColumn<Outcomes>("expected");

        QTest::newRow("first pass: never ran, so both are due")
            << 0 << Outcomes{{"hourly", "ran"}, {"daily", "ran"}, {"manual", "not scheduled"}};
        QTest::newRow("a minute later: nothing is due")
            << 1 << Outcomes{{"hourly", "not due"}, {"daily", "not due"}, {"manual", "not scheduled"}};
        QTest::newRow("the same minute again: still nothing")
            << 1 << Outcomes{{"hourly", "not due"}, {"daily", "not due"}, {"manual", "not scheduled"}};
        QTest::newRow("an hour later: the hourly sync only")
            << 60 << Outcomes{{"hourly", "ran"}, {"daily", "not due"}, {"manual", "not scheduled"}};
    }

    void passes()
    {
        QFETCH(int, minutesAfterFirst);
        QFETCH(Outcomes, expected);
        const QDateTime now = m_now.addSecs(minutesAfterFirst * 60);
        const QList<ScheduledSync> results = Scheduler::runDue(m_workspace, now);
        QCOMPARE(outcomes(results), expected);
        QCOMPARE(Scheduler::exitCode(results), 0);
        for (const ScheduledSync& r : results) {
            if (r.outcome == ScheduledSync::Outcome::Ran) {
                QCOMPARE(r.report.status, RunReport::Status::Succeeded);
                QCOMPARE(r.report.counts.queried, 3);
                QVERIFY(r.nextRun && *r.nextRun > r.report.startedAt);
                QCOMPARE(r.report.counts.added + r.report.counts.unchanged, 3);
                QVERIFY(QFile::exists(QDir(m_root).filePath(r.sync + QStringLiteral(".jsonl"))));
            }
            if (r.outcome == ScheduledSync::Outcome::NotDue) {
                QVERIFY(r.lastRun.isValid());
                QVERIFY2(r.nextRun && *r.nextRun > now, qPrintable(r.sync));
            }
        }
        const ScheduledSync* hourly = find(results, QStringLiteral("hourly"));
        if (hourly->outcome == ScheduledSync::Outcome::NotDue) {
            QDateTime minute = hourly->lastRun.toUTC(); // whole-minute intervals count from the minute of the start
            minute.setTime(QTime(minute.time().hour(), minute.time().minute()));
            QCOMPARE(*hourly->nextRun, minute.addSecs(3600));
        }
        QCOMPARE(find(results, QStringLiteral("daily"))->schedule.left(6), QStringLiteral("cron \""));
    }

    // Another process (here: this one) holds the sync's lock: skipped, with the reason.
    void aRunningSyncIsSkipped()
    {
        const QDateTime now = m_now.addSecs(2 * 3600);
        {
            auto lock = RunLock::acquire(m_workspace.stateDir(), QStringLiteral("hourly"));
            QVERIFY(lock.ok());
            const QList<ScheduledSync> results = Scheduler::runDue(m_workspace, now);
            const ScheduledSync* hourly = find(results, QStringLiteral("hourly"));
            QCOMPARE(ScheduledSync::outcomeName(hourly->outcome), QStringLiteral("skipped"));
            QVERIFY2(hourly->reason.contains(QStringLiteral("sync \"hourly\" is already running (process %1")
                                                 .arg(QCoreApplication::applicationPid())),
                qPrintable(hourly->reason));
            QCOMPARE(Scheduler::exitCode(results), 0);
        }
        // Lock released: the same pass runs it.
        const QList<ScheduledSync> results = Scheduler::runDue(m_workspace, now);
        QCOMPARE(ScheduledSync::outcomeName(find(results, QStringLiteral("hourly"))->outcome), QStringLiteral("ran"));
    }

    // A failed run is still the last run: the sync waits for its next fire time instead of
    // failing again at every check. The exit code says it failed.
    void aFailedRunWaitsForItsNextFireTime()
    {
        const QString root = m_dir.filePath(QStringLiteral("failing"));
        QVERIFY(makeWorkspace(root,
            {{QStringLiteral("broken"), syncJson("SELECT email, name FROM nope", "out-broken", R"({"every": "1h"})")},
                {QStringLiteral("fine"),
                    syncJson("SELECT email, name FROM customers", "out-fine", R"({"every": "1h"})")}}));
        auto workspace = WorkspaceLoader::load(root);
        QVERIFY(workspace.ok());
        const QList<ScheduledSync> first = Scheduler::runDue(*workspace, m_now);
        QCOMPARE(outcomes(first), (Outcomes{{"broken", "ran"}, {"fine", "ran"}}));
        QCOMPARE(find(first, QStringLiteral("broken"))->report.status, RunReport::Status::Failed);
        QVERIFY(find(first, QStringLiteral("broken"))->report.error.contains(QStringLiteral("no such table: nope")));
        QCOMPARE(Scheduler::exitCode(first), 1);

        const QList<ScheduledSync> second = Scheduler::runDue(*workspace, m_now.addSecs(60));
        QCOMPARE(outcomes(second), (Outcomes{{"broken", "not due"}, {"fine", "not due"}}));
        QCOMPARE(Scheduler::exitCode(second), 0);
    }

    // A dry run sends nothing, so it does not stand in for a scheduled run.
    void dryRunsDoNotCount()
    {
        const QString root = m_dir.filePath(QStringLiteral("dry"));
        QVERIFY(makeWorkspace(root,
            {{QStringLiteral("d"), syncJson("SELECT email, name FROM customers", "out-d", R"({"every": "1h"})")}}));
        auto workspace = WorkspaceLoader::load(root);
        QVERIFY(workspace.ok());
        const RunReport dry
            = SyncRunner(*workspace, *workspace->sync(QStringLiteral("d")), RunOptions{true, false, false, {}, true})
                  .run();
        QCOMPARE(dry.status, RunReport::Status::Succeeded);
        const QList<ScheduledSync> results = Scheduler::runDue(*workspace, m_now);
        QCOMPARE(outcomes(results), (Outcomes{{"d", "ran"}}));
        QVERIFY(!results.first().lastRun.isValid());
        QCOMPARE(results.first().report.counts.added, 3);
    }

    // A schedule the loader would refuse (a workspace assembled in code): an error, exit code 2.
    void aBadScheduleIsAConfigurationError()
    {
        Workspace workspace = m_workspace;
        workspace.syncs = {*m_workspace.sync(QStringLiteral("manual"))};
        workspace.syncs.first().schedule = QJsonObject{{QStringLiteral("cron"), QStringLiteral("0 0 * * 8")}};
        const QList<ScheduledSync> results = Scheduler::runDue(workspace, m_now);
        QCOMPARE(outcomes(results), (Outcomes{{"manual", "error"}}));
        QCOMPARE(results.first().error.message,
            QStringLiteral("syncs/manual.json: $.schedule.cron: cron field 5 (day of week): 8 is out of range 0-7"));
        QCOMPARE(Scheduler::exitCode(results), 2);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
