#include "app/journal/Journal.h"
#include "connectors/warehouse/postgres/PgConnection.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <libpq-fe.h>

using namespace Ebb;

// kill -9 `ebb-cli run` at several points of a 200,000-row PostgreSQL → PostgreSQL run, rerun,
// and check that every valid source row lands exactly once with the right values, and that
// the journal never marks a key synced that the destination does not hold.
class TestCrashSafety : public QObject
{
    Q_OBJECT

    static constexpr int rows = 200000;
    static constexpr int invalid = 100; // NULL emails: the destination requires one
    QString m_schema = QStringLiteral("crash_%1").arg(QCoreApplication::applicationPid());
    QTemporaryDir m_dir;

    static qint64 scalar(PGconn* conn, const QString& sql)
    {
        PgResultPtr result(PQexec(conn, sql.toUtf8().constData()));
        return PQresultStatus(result.get()) == PGRES_TUPLES_OK ? QByteArray(PQgetvalue(result.get(), 0, 0)).toLongLong() : -1;
    }

    QProcess* startRun()
    {
        auto* process = new QProcess(this);
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), QStringLiteral("copy"), QStringLiteral("-w"), m_dir.path()});
        return process;
    }

    // Every key the journal calls synced is in the destination.
    void checkJournalAgainstDestination(PGconn* conn)
    {
        PgResultPtr ids(PQexec(conn, QStringLiteral("SELECT id::text FROM %1.dst").arg(m_schema).toUtf8().constData()));
        QSet<QByteArray> held;
        for (int i = 0; i < PQntuples(ids.get()); ++i)
            held.insert(QByteArray(PQgetvalue(ids.get(), i, 0)));
        auto journal = Journal::open(QDir(m_dir.path()).filePath(QStringLiteral(".ebb/journal.sqlite")));
        QVERIFY(journal.ok());
        auto records = (*journal)->records(QStringLiteral("copy"));
        QVERIFY(records.ok());
        qint64 synced = 0;
        while (auto record = (*records)->next()) {
            if (record->status != Journal::Status::Synced)
                continue;
            ++synced;
            const QString key = KeyCodec::text(record->key);
            QVERIFY2(held.contains(key.toUtf8()), qPrintable(QStringLiteral("journal says %1 is synced; the table lacks it").arg(key)));
        }
        qInfo("journal: %lld synced, destination holds %lld", synced, qint64(held.size()));
        // Whatever the destination holds equals the source (written only from source values).
        QCOMPARE(scalar(conn, QStringLiteral("SELECT count(*) FROM %1.dst d JOIN %1.src s USING (id)"
                                             " WHERE d.email IS DISTINCT FROM s.email OR d.score IS DISTINCT FROM s.score").arg(m_schema)), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.src AS SELECT g AS id, CASE WHEN g % %3 = 0 THEN NULL ELSE 'user' || g || '@example.com' END AS email,"
            "  g % 97 AS score FROM generate_series(1, %2) g;"
            "CREATE TABLE %1.dst (id bigint PRIMARY KEY, email text NOT NULL, score int)").arg(m_schema).arg(rows).arg(rows / invalid)));
        TestSupport::writeFile(m_dir.path(), QStringLiteral("ebb.json"), R"({"version": 1, "name": "crash"})");
        TestSupport::writeFile(m_dir.path(), QStringLiteral("connections/pg.json"),
                               QJsonDocument(TestSupport::postgresConnectionJson(QStringLiteral("pg"))).toJson());
        TestSupport::writeFile(m_dir.path(), QStringLiteral("syncs/copy.json"), QStringLiteral(R"({
            "source": {"connection": "pg", "query": "SELECT id, email, score FROM %1.src", "primaryKey": "id"},
            "destination": {"connection": "pg", "object": "%1.dst", "mode": "upsert", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}, {"source": "score", "target": "score"}]})")
                                                                              .arg(m_schema).toUtf8());
    }

    void cleanupTestCase() { TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema)); }

    void killedRunsLoseNothing()
    {
        auto connection = PgConnection::connect(TestSupport::postgresSettings());
        QVERIFY(connection.ok());
        PGconn* conn = connection->get();

        // Kill while the diff is still running, then at growing shares of the table.
        const QList<double> killPoints{0.0, 0.1, 0.45, 0.8};
        for (const double share : killPoints) {
            QProcess* process = startRun();
            QVERIFY(process->waitForStarted());
            QElapsedTimer clock;
            clock.start();
            const qint64 target = qint64(share * rows);
            bool finished = false;
            while (!finished) {
                if (share == 0.0 && clock.elapsed() > 150)
                    break;
                if (share > 0 && scalar(conn, QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)) >= target)
                    break;
                finished = process->waitForFinished(5);
                QVERIFY2(clock.elapsed() < 240000, "the run neither progressed nor finished");
            }
            if (!finished) {
                process->kill(); // SIGKILL: no cleanup, no destructors
                process->waitForFinished();
            }
            qInfo("killed at %.0f%%: destination holds %lld rows", share * 100,
                  scalar(conn, QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)));
            checkJournalAgainstDestination(conn);
            if (QTest::currentTestFailed())
                return;
        }

        // A run to the end makes everything right: valid rows exactly once, rejects left out.
        QProcess* last = startRun();
        QVERIFY(last->waitForFinished(300000));
        const QString output = QString::fromUtf8(last->readAll());
        QVERIFY2(last->exitCode() == 3, qPrintable(output)); // 3: finished, with rejects
        QVERIFY2(output.contains(QStringLiteral("rejected %1").arg(invalid)), qPrintable(output));
        QCOMPARE(scalar(conn, QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), rows - invalid);
        QCOMPARE(scalar(conn, QStringLiteral("SELECT count(*) FROM %1.src s FULL JOIN %1.dst d USING (id)"
                                             " WHERE s.email IS NOT NULL AND (d.id IS NULL OR d.email IS DISTINCT FROM s.email"
                                             "   OR d.score IS DISTINCT FROM s.score)").arg(m_schema)), 0);
        QCOMPARE(scalar(conn, QStringLiteral("SELECT count(*) FROM %1.dst d JOIN %1.src s USING (id) WHERE s.email IS NULL").arg(m_schema)), 0);
        checkJournalAgainstDestination(conn);
        auto journal = Journal::open(QDir(m_dir.path()).filePath(QStringLiteral(".ebb/journal.sqlite")));
        QCOMPARE((*journal)->recordCount(QStringLiteral("copy")).value(), qint64(rows - invalid));

        // And a further run finds nothing to do.
        QProcess* again = startRun();
        QVERIFY(again->waitForFinished(300000));
        const QString quiet = QString::fromUtf8(again->readAll());
        QVERIFY2(quiet.contains(QStringLiteral("added 0 · changed 0")), qPrintable(quiet));
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
