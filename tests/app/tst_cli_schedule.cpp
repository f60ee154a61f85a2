#include "app/engine/RunLock.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

using Syncs = QMap<QString, QByteArray>; // id → sync file

QByteArray sync(const QByteArray& query, const QByteArray& schedule)
{
    return R"({"source": {"connection": "wh", "query": ")" + query + R"(", "primaryKey": "email"},
               "destination": {"connection": "out"}, "mappings": [{"source": "email", "target": "email"}])"
        + (schedule.isEmpty() ? QByteArray() : ", \"schedule\": " + schedule) + "}";
}

const QByteArray hourly = R"({"every": "1h"})";
const QByteArray customers = "SELECT email FROM customers";

} // namespace

// `ebb-cli schedule` as cron or a systemd timer runs it: a process, its lines and exit code.
class TestCliSchedule : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_workspaces = 0;

    Run cli(const QStringList& arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/data")));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(EBB_CLI_PATH), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

    // A workspace with a SQLite warehouse (customers: two rows, dupes: one key twice) and a
    // JSONL destination "out" per sync.
    QString workspace(const Syncs& syncs)
    {
        const QString folder = m_dir.filePath(QStringLiteral("ws%1").arg(++m_workspaces));
        TestSupport::writeFile(folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "t"})");
        TestSupport::writeFile(
            folder, QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": "wh.sqlite"})");
        TestSupport::writeFile(folder, QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "out.jsonl", "format": "jsonl", "write": "append"})");
        auto db = SqliteHandle::open(
            QDir(folder).filePath(QStringLiteral("wh.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        if (!db
            || !db->exec(QStringLiteral("CREATE TABLE customers (email TEXT);"
                                        "INSERT INTO customers VALUES ('a@x.io'), ('b@x.io');"
                                        "CREATE TABLE dupes (email TEXT);"
                                        "INSERT INTO dupes VALUES ('a@x.io'), ('a@x.io'), ('b@x.io');")))
            return {};
        for (auto it = syncs.begin(); it != syncs.end(); ++it)
            TestSupport::writeFile(folder, QStringLiteral("syncs/%1.json").arg(it.key()), it.value());
        cli({QStringLiteral("trust"), folder}); // a workspace with problems stays untrusted; they are reported first
        return folder;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void exitCodes_data()
    {
        QTest::addColumn<Syncs>("syncs");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("expected"); // each in stdout or stderr

        QTest::newRow("all succeed")
            << Syncs{{"hourly", sync(customers, hourly)}, {"manual", sync(customers, {})}} << 0
            << QStringList{"hourly: ran: succeeded, run 1 · queried 2 · added 2", "next run at ",
                   "manual: not scheduled (no \"schedule\" in its sync file; run it with ebb-cli run manual)"};
        QTest::newRow("nothing scheduled")
            << Syncs{{"manual", sync(customers, {})}} << 0
            << QStringList{"manual: not scheduled", "No sync has a schedule. Give one in its sync file"};
        QTest::newRow("rejects") << Syncs{{"dupes", sync("SELECT email FROM dupes", hourly)}} << 3
                                 << QStringList{
                                        "dupes: ran: succeeded", "rejected 2", "see them: ebb-cli rejects dupes"};
        QTest::newRow("a failure outranks rejects")
            << Syncs{{"broken", sync("SELECT email FROM nope", hourly)},
                   {"dupes", sync("SELECT email FROM dupes", hourly)}}
            << 1 << QStringList{"broken: ran: failed", "no such table: nope", "dupes: ran: succeeded"};
        QTest::newRow("bad cron is reported at load")
            << Syncs{{"s", sync(customers, R"({"cron": "0 24 * * *"})")}} << 2
            << QStringList{
                   "syncs/s.json: $.schedule.cron: \"0 24 * * *\": cron field 2 (hour): 24 is out of range 0-23"};
        QTest::newRow("cron that never fires")
            << Syncs{{"s", sync(customers, R"({"cron": "0 0 30 2 *"})")}} << 2
            << QStringList{"syncs/s.json: $.schedule.cron: \"0 0 30 2 *\" never fires"};
    }

    void exitCodes()
    {
        QFETCH(Syncs, syncs);
        QFETCH(int, exitCode);
        QFETCH(QStringList, expected);
        const QString folder = workspace(syncs);
        QVERIFY(!folder.isEmpty());
        const Run run = cli({QStringLiteral("schedule"), QStringLiteral("--workspace"), folder});
        QVERIFY2(run.exitCode == exitCode,
            qPrintable(QStringLiteral("exit %1\n%2%3").arg(run.exitCode).arg(run.out, run.err)));
        for (const QString& text : expected)
            QVERIFY2(run.out.contains(text) || run.err.contains(text),
                qPrintable(QStringLiteral("no \"%1\" in:\n%2%3").arg(text, run.out, run.err)));
    }

    // Twice in a row: the second pass finds nothing due and says when each sync runs next.
    void secondPassRunsNothing()
    {
        // Twelve hours away, so it cannot fall due between the two passes.
        const QTime at = QDateTime::currentDateTimeUtc().addSecs(12 * 3600).time();
        const QString cron = QStringLiteral("%1 %2 * * *").arg(at.minute()).arg(at.hour());
        const QString folder = workspace({{QStringLiteral("hourly"), sync(customers, hourly)},
            {QStringLiteral("nightly"), sync(customers, "{\"cron\": \"" + cron.toUtf8() + "\"}")}});
        const Run first = cli({QStringLiteral("schedule"), QStringLiteral("-w"), folder});
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.out.contains(QStringLiteral("hourly: ran: succeeded"))
                && first.out.contains(QStringLiteral("nightly: ran: succeeded")),
            qPrintable(first.out));

        const Run second = cli({QStringLiteral("schedule"), QStringLiteral("-w"), folder, QStringLiteral("--json")});
        QCOMPARE(second.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(second.out.toUtf8()).object();
        const QJsonArray syncs = json.value(QStringLiteral("syncs")).toArray();
        QCOMPARE(syncs.size(), 2);
        for (const QJsonValue& value : syncs) {
            const QJsonObject s = value.toObject();
            QCOMPARE(s.value(QStringLiteral("outcome")).toString(), QStringLiteral("not due"));
            const QDateTime last = QDateTime::fromString(s.value(QStringLiteral("lastRunAt")).toString(), Qt::ISODate);
            const QDateTime next = QDateTime::fromString(s.value(QStringLiteral("nextRunAt")).toString(), Qt::ISODate);
            QVERIFY(last.isValid() && next > last);
            if (s.value(QStringLiteral("sync")).toString() == QLatin1String("nightly")) {
                QCOMPARE(next.time(), QTime(at.hour(), at.minute()));
                QCOMPARE(s.value(QStringLiteral("schedule")).toString(), QStringLiteral("cron \"%1\"").arg(cron));
            } else {
                QCOMPARE(s.value(QStringLiteral("schedule")).toString(), QStringLiteral("every 1h"));
            }
        }

        const Run text = cli({QStringLiteral("schedule"), QStringLiteral("-w"), folder});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QStringLiteral("hourly: not due: next run at "))
                && text.out.contains(QStringLiteral("(every 1h; last run ")),
            qPrintable(text.out));
    }

    // A run in progress elsewhere (this process holds the lock): skipped, not run, exit 0.
    void aLockedSyncIsSkipped()
    {
        const QString folder = workspace({{QStringLiteral("hourly"), sync(customers, hourly)}});
        auto lock = RunLock::acquire(QDir(folder).filePath(QStringLiteral(".ebb")), QStringLiteral("hourly"));
        QVERIFY(lock.ok());
        const Run run = cli({QStringLiteral("schedule"), QStringLiteral("-w"), folder});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("hourly: skipped: sync \"hourly\" is already running (process %1")
                                      .arg(QCoreApplication::applicationPid())),
            qPrintable(run.out + run.err));
        QVERIFY(!QFile::exists(QDir(folder).filePath(QStringLiteral("out.jsonl"))));
    }

    void usage()
    {
        const QString folder = workspace({{QStringLiteral("hourly"), sync(customers, hourly)}});
        const Run run = cli({QStringLiteral("schedule"), QStringLiteral("hourly"), QStringLiteral("-w"), folder});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("schedule takes no sync ids")), qPrintable(run.err));
        const Run help = cli({QStringLiteral("--help")});
        QVERIFY(help.out.contains(QStringLiteral("  schedule [--json]")));
    }
};

QTEST_GUILESS_MAIN(TestCliSchedule)
#include "tst_cli_schedule.moc"
