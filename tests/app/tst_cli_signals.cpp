#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sqlite3.h>

using namespace Ebb;

// ebb-cli stopped from outside, as Ctrl-C, `systemctl stop` and the OOM killer stop it: the
// history must say what became of the run.
class TestCliSignals : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_folder;

    // A run of a million rows from SQLite to a JSONL file: seconds, time enough to stop it.
    void makeWorkspace()
    {
        m_folder = m_dir.filePath(QStringLiteral("ws"));
        TestSupport::writeFile(m_folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "signals"})");
        TestSupport::writeFile(
            m_folder, QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": "wh.sqlite"})");
        TestSupport::writeFile(m_folder, QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "out.jsonl", "format": "jsonl"})");
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/s.json"),
            R"({"source": {"connection": "wh", "query": "SELECT id, email FROM people",
            "primaryKey": "id"}, "destination": {"connection": "out"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}]})");
        auto db = SqliteHandle::open(
            QDir(m_folder).filePath(QStringLiteral("wh.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db.ok());
        QVERIFY(
            db->exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);"
                                    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000)"
                                    " INSERT INTO people SELECT i, 'user' || i || '@example.com' FROM r"))
                .ok());
        QProcess trust; // as its user would, having read it
        trust.start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), m_folder});
        QVERIFY(trust.waitForFinished(60000) && trust.exitCode() == 0);
    }

    // Starts `ebb-cli run s -v` and returns once the run is reading rows.
    bool startRun(QProcess& process)
    {
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(QStringLiteral(EBB_CLI_PATH),
            {QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-v"), QStringLiteral("-w"), m_folder});
        QByteArray err;
        QElapsedTimer timer;
        timer.start();
        while (!err.contains("reading the whole query") && timer.elapsed() < 30000) {
            process.waitForReadyRead(100);
            err += process.readAllStandardError();
        }
        QTest::qWait(300); // into the rows
        return err.contains("reading the whole query") && process.state() == QProcess::Running;
    }

    QJsonObject lastRun()
    {
        QProcess runs;
        runs.start(QStringLiteral(EBB_CLI_PATH),
            {QStringLiteral("runs"), QStringLiteral("s"), QStringLiteral("--json"), QStringLiteral("-w"), m_folder});
        runs.waitForFinished(30000);
        return QJsonDocument::fromJson(runs.readAllStandardOutput())
            .object()
            .value(QStringLiteral("runs"))
            .toArray()
            .at(0)
            .toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        makeWorkspace();
    }

    // The first SIGTERM or SIGINT cancels as the window's Cancel does: the run ends, recorded as
    // cancelled with what it counted, and the next run picks up from there.
    void aSignalCancelsTheRun_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void aSignalCancelsTheRun()
    {
        QFETCH(int, signal);
        QProcess process;
        QVERIFY2(startRun(process), "the run did not start, or ended before it could be stopped");
        ::kill(pid_t(process.processId()), signal);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // not killed by the signal
        QCOMPARE(process.exitCode(), 1);
        const QJsonObject run = lastRun();
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QVERIFY2(run.value(QStringLiteral("queried")).toInteger() > 0, qPrintable(QJsonDocument(run).toJson()));
        QVERIFY(run.value(QStringLiteral("queried")).toInteger() < 1000000);
    }

    // A process that died without a word (kill -9) leaves its run "running"; once its lock is
    // free, the history says it was interrupted.
    void aKilledRunShowsAsInterrupted()
    {
        QProcess process;
        QVERIFY2(startRun(process), "the run did not start, or ended before it could be stopped");
        process.kill();
        QVERIFY(process.waitForFinished(30000));
        const QJsonObject killed = lastRun();
        QCOMPARE(killed.value(QStringLiteral("status")).toString(), QStringLiteral("interrupted"));

        // The next run of the sync, holding the lock, records it so for good.
        QProcess next;
        next.start(
            QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), m_folder});
        QVERIFY(next.waitForFinished(120000));
        QCOMPARE(next.exitCode(), 0);
        QCOMPARE(lastRun().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        auto journal = SqliteHandle::open(
            QDir(m_folder).filePath(QStringLiteral(".ebb/journal.sqlite")), SqliteHandle::Mode::ReadOnly);
        QVERIFY(journal.ok());
        sqlite3_stmt* raw = nullptr;
        QCOMPARE(
            sqlite3_prepare_v2(journal->get(), "SELECT status FROM runs WHERE id = ?1", -1, &raw, nullptr), SQLITE_OK);
        SqliteStatement stmt(raw);
        sqlite3_bind_int64(raw, 1, killed.value(QStringLiteral("runId")).toInteger());
        QCOMPARE(sqlite3_step(raw), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0))), QByteArray("interrupted"));
    }
};

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_cli_signals.moc"
