#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;

// A sync on a schedule runs thousands of times: the journal must keep the rejects and
// failures of the last "keepRuns" runs only, and give the room of older ones back.
class TestJournalGrowth : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("journalgrowth_%1").arg(QCoreApplication::applicationPid());

    // The journal and each run's file of rejects and failures.
    static qint64 journalBytes(const Fixture& f)
    {
        // The WAL is checkpointed and truncated when the run's last connection closes.
        const QString path = f.path(QStringLiteral(".ebb/journal.sqlite"));
        qint64 bytes = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
        for (const QFileInfo& file : QDir(f.path(QStringLiteral(".ebb/problems"))).entryInfoList(QDir::Files))
            bytes += file.size();
        return bytes;
    }

private Q_SLOTS:
    void rejectsOfOldRunsArePrunedAndTheirRoomGivenBack()
    {
        Fixture f(m_schema);
        TestSupport::writeFile(
            f.path(), QStringLiteral("ebb.json"), R"({"version": 1, "name": "growth", "keepRuns": 3})");
        {
            // 1,000 rows whose 2 KB value no transform accepts: every row is rejected, every run.
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db->exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
                                        "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 1000)"
                                        " INSERT INTO t SELECT i, 'x' || i || printf('%.2000c', 'y') FROM g;"))
                    .ok());
        }
        f.writeSync(QStringLiteral("r"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT id, v FROM t", "primaryKey": "id"},
            "destination": {"connection": "out"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "v", "target": "v", "transforms": ["integer"]}]})")
                .object());

        QList<qint64> runIds;
        QList<qint64> sizes;
        for (int run = 0; run < 10; ++run) {
            const RunReport report = f.run(QStringLiteral("r"));
            QCOMPARE(report.status, RunReport::Status::Succeeded); // rejects alone are no failure
            QCOMPARE(report.counts.rejected, 1000);
            runIds << report.runId;
            sizes << journalBytes(f);
        }
        // Each value is stored once: a run's rejects take about their values' 2 MB, not 4.
        QVERIFY2(sizes[0] < 3'200'000, qPrintable(QStringLiteral("one run's journal: %1 bytes").arg(sizes[0])));
        // Bounded: from the fourth run on, each run's rejects take the room of the oldest's.
        QVERIFY2(sizes[9] <= sizes[3] * 1.15,
            qPrintable(QStringLiteral("journal after run 4: %1 bytes, after run 10: %2").arg(sizes[3]).arg(sizes[9])));

        auto journal = f.journal();
        const QList<RunReport> runs = journal->runs(QStringLiteral("r"), 100).value();
        QCOMPARE(runs.size(), 10); // the history of runs stays whole
        for (int i = 0; i < 10; ++i) {
            const qint64 kept = journal->rejects(QStringLiteral("r"), runIds[i])->size();
            QCOMPARE(kept, i < 7 ? 0 : 1000);
        }
        QCOMPARE(runs.last().counts.rejected, 1000); // a pruned run keeps its counts
        // Forgetting a run removes its file.
        QCOMPARE(QDir(f.path(QStringLiteral(".ebb/problems"))).entryList(QDir::Files).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestJournalGrowth)
#include "tst_journalgrowth.moc"
