#include "app/journal/Journal.h"
#include "connectors/warehouse/postgres/PgConnection.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <libpq-fe.h>
#include <sqlite3.h>

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
        return PQresultStatus(result.get()) == PGRES_TUPLES_OK ? QByteArray(PQgetvalue(result.get(), 0, 0)).toLongLong()
                                                               : -1;
    }

    QProcess* startRun(const QString& sync = QStringLiteral("copy"))
    {
        auto* process = new QProcess(this);
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("run"), sync, QStringLiteral("-w"), m_dir.path()});
        return process;
    }

    // Starts a run of `sync` and kills it once `progress` (an SQL count) reaches `target`, or
    // lets it finish if it gets there first.
    void runAndKill(PGconn* conn, const QString& sync, const QString& progress, qint64 target)
    {
        QProcess* process = startRun(sync);
        QVERIFY(process->waitForStarted());
        QElapsedTimer clock;
        clock.start();
        bool finished = false;
        while (!finished && scalar(conn, progress) < target) {
            finished = process->waitForFinished(5);
            QVERIFY2(clock.elapsed() < 240000, "the run neither progressed nor finished");
        }
        if (!finished) {
            process->kill(); // SIGKILL: no cleanup, no destructors
            process->waitForFinished();
        }
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
            QVERIFY2(held.contains(key.toUtf8()),
                qPrintable(QStringLiteral("journal says %1 is synced; the table lacks it").arg(key)));
        }
        qInfo("journal: %lld synced, destination holds %lld", synced, qint64(held.size()));
        // And the journal trails the destination by one batch (10,000 rows) at most: a batch is
        // committed there only once the journal has the batch before.
        QVERIFY2(qint64(held.size()) - synced <= 10000,
            qPrintable(
                QStringLiteral("the destination is %1 rows ahead of the journal").arg(qint64(held.size()) - synced)));
        // Whatever the destination holds equals the source (written only from source values).
        QCOMPARE(scalar(conn,
                     QStringLiteral("SELECT count(*) FROM %1.dst d JOIN %1.src s USING (id)"
                                    " WHERE d.email IS DISTINCT FROM s.email OR d.score IS DISTINCT FROM s.score")
                         .arg(m_schema)),
            0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.src AS SELECT g AS id, CASE WHEN g % %3 = 0 THEN NULL ELSE 'user' || g || "
                           "'@example.com' END AS email,"
                           "  g % 97 AS score FROM generate_series(1, %2) g;"
                           "CREATE TABLE %1.dst (id bigint PRIMARY KEY, email text NOT NULL, score int)")
                .arg(m_schema)
                .arg(rows)
                .arg(rows / invalid)));
        TestSupport::writeFile(m_dir.path(), QStringLiteral("ebb.json"), R"({"version": 1, "name": "crash"})");
        TestSupport::writeFile(m_dir.path(), QStringLiteral("connections/pg.json"),
            QJsonDocument(TestSupport::postgresConnectionJson(QStringLiteral("pg"))).toJson());
        QProcess trust;
        trust.start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), m_dir.path()});
        QVERIFY(trust.waitForFinished(60000) && trust.exitCode() == 0);
        TestSupport::writeFile(m_dir.path(), QStringLiteral("syncs/copy.json"),
            QStringLiteral(R"({
            "source": {"connection": "pg", "query": "SELECT id, email, score FROM %1.src", "primaryKey": "id"},
            "destination": {"connection": "pg", "object": "%1.dst", "mode": "upsert", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}, {"source": "score", "target": "score"}]})")
                .arg(m_schema)
                .toUtf8());
    }

    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE;"
                                                 " DROP SCHEMA IF EXISTS %1_state CASCADE")
                                      .arg(m_schema));
    }

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
        QCOMPARE(scalar(conn,
                     QStringLiteral("SELECT count(*) FROM %1.src s FULL JOIN %1.dst d USING (id)"
                                    " WHERE s.email IS NOT NULL AND (d.id IS NULL OR d.email IS DISTINCT FROM s.email"
                                    "   OR d.score IS DISTINCT FROM s.score)")
                         .arg(m_schema)),
            0);
        QCOMPARE(scalar(conn,
                     QStringLiteral("SELECT count(*) FROM %1.dst d JOIN %1.src s USING (id) WHERE s.email IS NULL")
                         .arg(m_schema)),
            0);
        checkJournalAgainstDestination(conn);
        auto journal = Journal::open(QDir(m_dir.path()).filePath(QStringLiteral(".ebb/journal.sqlite")));
        QCOMPARE((*journal)->recordCount(QStringLiteral("copy")).value(), qint64(rows - invalid));

        // And a further run finds nothing to do.
        QProcess* again = startRun();
        QVERIFY(again->waitForFinished(300000));
        const QString quiet = QString::fromUtf8(again->readAll());
        QVERIFY2(quiet.contains(QStringLiteral("added 0 · changed 0")), qPrintable(quiet));
    }

    void killedIncrementalRunsLoseNothing()
    {
        // An incremental run writes its records aside (Journal::setWritesAside); killed halfway,
        // what it marked synced must be in the destination, and the next run sends the rest.
        constexpr int incRows = 100000;
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "CREATE TABLE %1.isrc AS SELECT g AS id, 'user' || g || '@example.com' AS email, g % 97 AS score, 0 AS v"
            "  FROM generate_series(1, %2) g;"
            "CREATE INDEX ON %1.isrc (v);"
            "CREATE TABLE %1.idst (id bigint PRIMARY KEY, email text NOT NULL, score int, v int)")
                                              .arg(m_schema)
                                              .arg(incRows)));
        TestSupport::writeFile(m_dir.path(), QStringLiteral("syncs/inc.json"),
            QStringLiteral(R"({
            "source": {"connection": "pg", "query": "SELECT id, email, score, v FROM %1.isrc", "primaryKey": "id", "cursor": "v"},
            "destination": {"connection": "pg", "object": "%1.idst", "mode": "upsert", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}, {"source": "score", "target": "score"},
                         {"source": "v", "target": "v"}]})")
                .arg(m_schema)
                .toUtf8());
        auto connection = PgConnection::connect(TestSupport::postgresSettings());
        QVERIFY(connection.ok());
        PGconn* conn = connection->get();
        QProcess* first = startRun(QStringLiteral("inc"));
        QVERIFY(first->waitForFinished(300000));
        QCOMPARE(first->exitCode(), 0);

        const auto mismatches = [&] {
            return scalar(conn,
                QStringLiteral(
                    "SELECT count(*) FROM %1.isrc s FULL JOIN %1.idst d USING (id) WHERE d.id IS NULL OR s.id IS NULL"
                    " OR d.score IS DISTINCT FROM s.score OR d.v IS DISTINCT FROM s.v")
                    .arg(m_schema));
        };
        // Every key the journal marked synced aside holds the values of version `v` in the destination.
        const auto checkAside = [&](int v) {
            auto db = SqliteHandle::open(
                QDir(m_dir.path()).filePath(QStringLiteral(".ebb/journal.sqlite")), SqliteHandle::Mode::ReadOnly);
            QVERIFY(db.ok());
            sqlite3_stmt* raw = nullptr;
            QCOMPARE(sqlite3_prepare_v2(db->get(),
                         "SELECT key FROM record_changes WHERE status = 0 AND removed = 0"
                         " AND sync = (SELECT id FROM syncs WHERE name = 'inc')",
                         -1, &raw, nullptr),
                SQLITE_OK);
            SqliteStatement stmt(raw);
            QStringList ids;
            while (sqlite3_step(raw) == SQLITE_ROW)
                ids << KeyCodec::text(
                    QByteArray(static_cast<const char*>(sqlite3_column_blob(raw, 0)), sqlite3_column_bytes(raw, 0)));
            qInfo("journal: %lld keys synced aside", qint64(ids.size()));
            if (ids.isEmpty())
                return;
            QCOMPARE(scalar(conn,
                         QStringLiteral("SELECT count(*) FROM %1.idst WHERE id IN (%2) AND v = %3")
                             .arg(m_schema, ids.join(QLatin1Char(',')))
                             .arg(v)),
                qint64(ids.size()));
        };

        // A quarter of the rows change; kill at a third and at two thirds of them.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.isrc SET score = score + 1, v = 1 WHERE id % 4 = 0").arg(m_schema)));
        const QString progress = QStringLiteral("SELECT count(*) FROM %1.idst WHERE v = 1").arg(m_schema);
        for (const qint64 target : {qint64(incRows / 12), qint64(incRows / 6)}) {
            runAndKill(conn, QStringLiteral("inc"), progress, target);
            qInfo("killed with %lld of %d changed rows sent", scalar(conn, progress), incRows / 4);
            checkAside(1);
            if (QTest::currentTestFailed())
                return;
        }
        QProcess* last = startRun(QStringLiteral("inc"));
        QVERIFY(last->waitForFinished(300000));
        QVERIFY2(last->exitCode() == 0, last->readAll().constData());
        QCOMPARE(mismatches(), 0);
        checkAside(1);
        QProcess* again = startRun(QStringLiteral("inc"));
        QVERIFY(again->waitForFinished(300000));
        const QString quiet = QString::fromUtf8(again->readAll());
        QVERIFY2(quiet.contains(QStringLiteral("sent 0")), qPrintable(quiet));
    }

    // Change detection inside the warehouse: the state there learns a row only after the
    // destination acknowledged it. Killed at several points, every key the state holds is in
    // the destination with the source's values, and the next runs send the rest.
    void killedWarehouseRunsLoseNothing()
    {
        constexpr int whRows = 100000;
        const QString stateSchema = m_schema + QStringLiteral("_state");
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %3 CASCADE;"
                           "CREATE TABLE %1.wsrc AS SELECT g AS id, CASE WHEN g % 1000 = 0 THEN NULL ELSE 'user' || g"
                           "  || '@example.com' END AS email, g % 97 AS score FROM generate_series(1, %2) g;"
                           "CREATE TABLE %1.wdst (id bigint PRIMARY KEY, email text NOT NULL, score int)")
                .arg(m_schema)
                .arg(whRows)
                .arg(stateSchema)));
        QJsonObject connection = TestSupport::postgresConnectionJson(QStringLiteral("wpg"));
        connection.remove(QStringLiteral("id"));
        connection.insert(QStringLiteral("stateSchema"), stateSchema);
        TestSupport::writeFile(
            m_dir.path(), QStringLiteral("connections/wpg.json"), QJsonDocument(connection).toJson());
        QProcess trust;
        trust.start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), m_dir.path()});
        QVERIFY(trust.waitForFinished(60000) && trust.exitCode() == 0);
        TestSupport::writeFile(m_dir.path(), QStringLiteral("syncs/wh.json"),
            QStringLiteral(R"({
            "source": {"connection": "wpg", "query": "SELECT id, email, score FROM %1.wsrc", "primaryKey": "id",
                       "changeDetection": "warehouse"},
            "destination": {"connection": "wpg", "object": "%1.wdst", "mode": "upsert", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}, {"source": "score", "target": "score"}]})")
                .arg(m_schema)
                .toUtf8());
        auto connected = PgConnection::connect(TestSupport::postgresSettings());
        QVERIFY(connected.ok());
        PGconn* conn = connected->get();
        // The sync's state table, named after the workspace, the sync and the journal; "" before it is made.
        const auto stateTable = [&]() -> QString {
            PgResultPtr found(PQexec(conn,
                QStringLiteral("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                               " WHERE schemaname = '%1' AND tablename LIKE 'crash.wh.%'")
                    .arg(stateSchema)
                    .toUtf8()
                    .constData()));
            return PQntuples(found.get()) == 1 ? QString::fromUtf8(PQgetvalue(found.get(), 0, 0)) : QString();
        };
        // Every key the state holds, the destination holds, with the values the state's hash
        // was taken from: what the destination holds equals the source unless the source moved on.
        const auto checkState = [&](bool settled) {
            QCOMPARE(scalar(conn,
                         QStringLiteral("SELECT count(*) FROM %1 s LEFT JOIN %2.wdst d ON d.id = s.ebb_key"
                                        " WHERE d.id IS NULL")
                             .arg(stateTable(), m_schema)),
                0);
            if (settled) // and then every row the destination holds is the source's
                QCOMPARE(scalar(conn,
                             QStringLiteral("SELECT count(*) FROM %1.wdst d JOIN %1.wsrc s USING (id)"
                                            " WHERE d.email IS DISTINCT FROM s.email OR d.score <> s.score")
                                 .arg(m_schema)),
                    0);
            qInfo("state holds %lld keys, the destination %lld rows",
                scalar(conn, QStringLiteral("SELECT count(*) FROM %1").arg(stateTable())),
                scalar(conn, QStringLiteral("SELECT count(*) FROM %1.wdst").arg(m_schema)));
        };
        const QString held = QStringLiteral("SELECT count(*) FROM %1.wdst").arg(m_schema);
        // Killed early (the state table being made, the query running), then at 30% and 70%.
        QProcess* early = startRun(QStringLiteral("wh"));
        QVERIFY(early->waitForStarted());
        QTest::qWait(120);
        early->kill();
        early->waitForFinished();
        for (const qint64 target : {qint64(whRows * 3 / 10), qint64(whRows * 7 / 10)}) {
            runAndKill(conn, QStringLiteral("wh"), held, target);
            qInfo("killed with %lld rows held", scalar(conn, held));
            if (!stateTable().isEmpty())
                checkState(true); // nothing changed at the source meanwhile
            if (QTest::currentTestFailed())
                return;
        }
        QProcess* last = startRun(QStringLiteral("wh"));
        QVERIFY(last->waitForFinished(300000));
        QVERIFY2(last->exitCode() == 3, last->readAll().constData()); // finished, with rejects
        QCOMPARE(scalar(conn, held), qint64(whRows - whRows / 1000));
        checkState(true);

        // A tenth of the rows change; killed halfway through them, then run to the end.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.wsrc SET score = score - 1 WHERE id % 10 = 0").arg(m_schema)));
        runAndKill(conn, QStringLiteral("wh"),
            QStringLiteral("SELECT count(*) FROM %1.wdst d JOIN %1.wsrc s USING (id) WHERE s.id % 10 = 0"
                           " AND d.score = s.score")
                .arg(m_schema),
            whRows / 20);
        checkState(false);
        QProcess* rest = startRun(QStringLiteral("wh"));
        QVERIFY(rest->waitForFinished(300000));
        QVERIFY2(rest->exitCode() == 3, rest->readAll().constData());
        QCOMPARE(scalar(conn,
                     QStringLiteral("SELECT count(*) FROM %1.wsrc s FULL JOIN %1.wdst d USING (id)"
                                    " WHERE s.email IS NOT NULL AND (d.id IS NULL OR d.score IS DISTINCT FROM s.score)")
                         .arg(m_schema)),
            0);
        checkState(true);
        // Settled: only the rejected rows leave the warehouse again.
        QProcess* again = startRun(QStringLiteral("wh"));
        QVERIFY(again->waitForFinished(300000));
        const QString quiet = QString::fromUtf8(again->readAll());
        QVERIFY2(quiet.contains(QStringLiteral("queried %1 (%2 left the warehouse) ").arg(whRows).arg(whRows / 1000))
                && quiet.contains(QStringLiteral("sent 0")),
            qPrintable(quiet));
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
