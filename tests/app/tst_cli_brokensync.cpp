#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

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

QByteArray sync(const QByteArray& source, const QByteArray& destination)
{
    return R"({"source": {"connection": ")" + source
        + R"(", "query": "SELECT email FROM customers", "primaryKey": "email"},
               "destination": {"connection": ")"
        + destination + R"("}, "mappings": [{"source": "email", "target": "email"}],
               "schedule": {"every": "1h"}})";
}

} // namespace

// One teammate's broken file stops only what depends on it (issue 10, item 21): a sync with a
// typo, or one whose connection has problems, cannot run; every other sync, the history, the
// connection tests and the scheduler go on, and name what is broken.
class TestCliBrokenSync : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_folder;

    Run cli(const QStringList& arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/data")));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(EBB_CLI_PATH), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

    Run cliIn(QStringList arguments) { return cli(arguments << QStringLiteral("--workspace") << m_folder); }

    static QString shown(const Run& run)
    {
        return QStringLiteral("exit %1\n%2%3").arg(run.exitCode).arg(run.out, run.err);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_folder = m_dir.filePath(QStringLiteral("ws"));
        TestSupport::writeFile(m_folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "t"})");
        TestSupport::writeFile(
            m_folder, QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": "wh.sqlite"})");
        TestSupport::writeFile(m_folder, QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "out.jsonl", "format": "jsonl", "write": "append"})");
        // A connection with a typo in a setting's name: only the sync that uses it is stopped.
        TestSupport::writeFile(
            m_folder, QStringLiteral("connections/typo.json"), R"({"kind": "file", "pth": "typo.jsonl"})");
        auto db = SqliteHandle::open(
            QDir(m_folder).filePath(QStringLiteral("wh.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db.ok());
        QVERIFY(db->exec(QStringLiteral(
            "CREATE TABLE customers (email TEXT); INSERT INTO customers VALUES ('a@x.io'), ('b@x.io');")));
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/a.json"), sync("wh", "out"));
        // b: a missing comma, as a hurried edit leaves it.
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/b.json"),
            "{\n  \"source\": {\"connection\": \"wh\"}\n  \"mappings\": []\n}");
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/c.json"), sync("wh", "typo"));
    }

    // Trust is about connection files: a broken sync does not stand in its way.
    void trustWorksDespiteABrokenSync()
    {
        const Run run = cli({QStringLiteral("trust"), m_folder});
        QVERIFY2(run.exitCode == 0, qPrintable(shown(run)));
        QVERIFY2(run.out.contains(QStringLiteral("wh (sqlite)")), qPrintable(shown(run)));
        QVERIFY2(run.out.contains(QStringLiteral("connections/typo.json")), qPrintable(shown(run)));
    }

    void aValidSyncRuns()
    {
        const Run run = cliIn({QStringLiteral("run"), QStringLiteral("a")});
        QVERIFY2(run.exitCode == 0, qPrintable(shown(run)));
        QFile out(QDir(m_folder).filePath(QStringLiteral("out.jsonl")));
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll().count('\n'), 2);
        // The others are named, so nobody wonders why they did not run.
        QVERIFY2(run.err.contains(QStringLiteral("syncs/b.json")), qPrintable(shown(run)));
    }

    void theBrokenSyncStopsWithItsProblems()
    {
        const Run run = cliIn({QStringLiteral("run"), QStringLiteral("b")});
        QVERIFY2(run.exitCode == 2, qPrintable(shown(run)));
        QVERIFY2(run.err.contains(QStringLiteral("syncs/b.json:3:3: invalid JSON")), qPrintable(shown(run)));

        const Run json = cliIn({QStringLiteral("preview"), QStringLiteral("b"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 2);
        const QJsonObject error = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QVERIFY2(error.value(QStringLiteral("error")).toString().contains(QStringLiteral("syncs/b.json:3:3")),
            qPrintable(shown(json)));
    }

    void aSyncWhoseConnectionIsBrokenStops()
    {
        const Run run = cliIn({QStringLiteral("run"), QStringLiteral("c")});
        QVERIFY2(run.exitCode == 2, qPrintable(shown(run)));
        QVERIFY2(run.err.contains(
                     QStringLiteral("syncs/c.json: $.destination.connection: connection \"typo\" has problems")),
            qPrintable(shown(run)));
        QVERIFY2(run.err.contains(QStringLiteral("connections/typo.json: $.path: required field is missing")),
            qPrintable(shown(run)));
    }

    void historyWorks()
    {
        const Run runs = cliIn({QStringLiteral("runs")});
        QVERIFY2(runs.exitCode == 0, qPrintable(shown(runs)));
        QVERIFY2(runs.out.contains(QStringLiteral("succeeded")), qPrintable(shown(runs)));
        // A broken sync's history is in the journal all the same.
        const Run broken = cliIn({QStringLiteral("runs"), QStringLiteral("b")});
        QVERIFY2(broken.exitCode == 0, qPrintable(shown(broken)));
    }

    void connectionsTestNamesTheBrokenConnection()
    {
        const Run good = cliIn(
            {QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("wh"), QStringLiteral("out")});
        QVERIFY2(good.exitCode == 0, qPrintable(shown(good)));

        const Run all = cliIn({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("--json")});
        QVERIFY2(all.exitCode == 2, qPrintable(shown(all)));
        const QJsonArray results
            = QJsonDocument::fromJson(all.out.toUtf8()).object().value(QStringLiteral("connections")).toArray();
        QCOMPARE(results.size(), 3);
        QStringList statuses;
        for (const QJsonValue& value : results)
            statuses << value[QStringLiteral("connection")].toString() + QLatin1Char('=')
                    + value[QStringLiteral("status")].toString();
        statuses.sort();
        QCOMPARE(statuses, (QStringList{"out=ok", "typo=invalid", "wh=ok"}));
    }

    // The scheduler runs what it can and exits 2 naming the syncs it could not run.
    void scheduleRunsTheOthers()
    {
        QFile::remove(QDir(m_folder).filePath(QStringLiteral("out.jsonl")));
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/d.json"), sync("wh", "out"));
        const Run run = cliIn({QStringLiteral("schedule")});
        QVERIFY2(run.exitCode == 2, qPrintable(shown(run)));
        QVERIFY2(run.out.contains(QStringLiteral("d: ran: succeeded")), qPrintable(shown(run)));
        QVERIFY2(run.out.contains(QStringLiteral("b: error: "))
                && run.out.contains(QStringLiteral("syncs/b.json:3:3: invalid JSON")),
            qPrintable(shown(run)));
        QVERIFY2(run.out.contains(QStringLiteral("c: error: ")), qPrintable(shown(run)));
        QVERIFY2(run.out.contains(QStringLiteral("a: not due")), qPrintable(shown(run)));
    }

    // ebb.json is every sync's: a problem there still stops them all.
    void aBrokenEbbJsonStopsEverything()
    {
        TestSupport::writeFile(m_folder, QStringLiteral("ebb.json"), R"({"version": 1})");
        const Run run = cliIn({QStringLiteral("run"), QStringLiteral("a")});
        QVERIFY2(run.exitCode == 2, qPrintable(shown(run)));
        QVERIFY2(run.err.contains(QStringLiteral("ebb.json: $.name")), qPrintable(shown(run)));
    }
};

QTEST_GUILESS_MAIN(TestCliBrokenSync)
#include "tst_cli_brokensync.moc"
