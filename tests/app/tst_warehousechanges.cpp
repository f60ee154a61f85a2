#include "app/workspace/WorkspaceLoader.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QThread>

using namespace Ebb;

namespace {

// The rows that left the warehouse: `transferred` when it kept some, else every row queried.
qint64 transferred(const RunReport& report)
{
    return report.counts.transferred.value_or(report.counts.queried);
}

// Holds the reading thread once it has read `rows` rows, long enough for the writer's thread
// to meet the failure its first batch brings.
class PauseWhenRead : public RunObserver
{
public:
    explicit PauseWhenRead(qint64 rows)
        : m_rows(rows)
    {
    }
    void onProgress(const RunProgress& p) override
    {
        if (p.phase == QLatin1String("diff") && p.counts.queried >= m_rows && !m_paused) {
            m_paused = true;
            QThread::msleep(3000);
        }
    }

private:
    qint64 m_rows;
    bool m_paused = false;
};

} // namespace
using Fixture = Ebb::TestSupport::EngineFixture;
using TestSupport::pgScalar;

// Change detection inside the warehouse ("changeDetection": "warehouse"): the same source
// changes, run through a sync that finds them in the warehouse and one that finds them in
// the journal ("local"), leave the two destination tables equal, with the same counts — while
// only the added and changed rows (and rejects, and repeated keys) leave the warehouse.
class TestWarehouseChanges : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("whchanges_%1").arg(QCoreApplication::applicationPid());
    QString stateSchema() const { return m_schema + QStringLiteral("_state"); }

    // The warehouse connection "wpg" keeps the syncs' state in a schema of this test's own.
    void writeConnection(Fixture& f, const QString& user = {})
    {
        QJsonObject connection = TestSupport::postgresConnectionJson(QStringLiteral("wpg"));
        connection.insert(QStringLiteral("stateSchema"), stateSchema());
        if (!user.isEmpty()) {
            connection.insert(QStringLiteral("user"), user);
            connection.insert(QStringLiteral("password"), QStringLiteral("env:EBB_TEST_NOCREATE_PASSWORD"));
        }
        connection.remove(QStringLiteral("id"));
        TestSupport::writeFile(f.path(), QStringLiteral("connections/wpg.json"), QJsonDocument(connection).toJson());
    }

    QJsonObject sync(const QString& mode, const QString& detection, const QString& table)
    {
        QJsonObject s = TestSupport::pgSync(m_schema, mode);
        s = TestSupport::withSetting(s, QStringLiteral("source"), QStringLiteral("connection"), QStringLiteral("wpg"));
        s = TestSupport::withSetting(s, QStringLiteral("source"), QStringLiteral("changeDetection"), detection);
        return TestSupport::withSetting(
            s, QStringLiteral("destination"), QStringLiteral("object"), m_schema + QLatin1Char('.') + table);
    }

    // The connection and a sync `name` that finds its changes in the warehouse, into dst.
    void writeWarehouseSync(Fixture& f, const QString& name, const QString& mode)
    {
        writeConnection(f);
        f.writeSync(name, sync(mode, QStringLiteral("warehouse"), QStringLiteral("dst")));
    }

    qint64 tablesDiffer()
    {
        return pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst w FULL JOIN %1.dst_local l USING (id)"
                                       " WHERE w.id IS NULL OR l.id IS NULL OR w.email IS DISTINCT FROM l.email"
                                       " OR w.name IS DISTINCT FROM l.name OR w.score IS DISTINCT FROM l.score"
                                       " OR w.updated_at IS DISTINCT FROM l.updated_at")
                            .arg(m_schema));
    }

    // The state tables of `syncId` ("<workspace>.<sync>.<journal>"): one per journal.
    QStringList stateTables(const QString& syncId)
    {
        const QString names = TestSupport::postgresText(
            QStringLiteral("SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables"
                           " WHERE schemaname = '%1' AND tablename LIKE 'engine-test.%2.%%'")
                .arg(stateSchema(), syncId));
        return names.isEmpty() ? QStringList() : names.split(QLatin1Char(','));
    }

    qint64 stateRows(const QString& syncId)
    {
        const QStringList tables = stateTables(syncId);
        if (tables.size() != 1)
            return -1;
        return pgScalar(QStringLiteral("SELECT count(*) FROM \"%1\".\"%2\"").arg(stateSchema(), tables.first()));
    }

private Q_SLOTS:
    void initTestCase() { EBB_REQUIRE_POSTGRES(); }

    void init()
    {
        QVERIFY(TestSupport::resetSrcAndDst(m_schema, 3000));
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"%2\" CASCADE;"
                           "CREATE TABLE %1.dst_local (LIKE %1.dst INCLUDING ALL)")
                .arg(m_schema, stateSchema())));
    }

    void cleanupTestCase()
    {
        if (TestSupport::hasPostgres())
            TestSupport::execPostgres(
                QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE;"
                               "DROP SCHEMA IF EXISTS \"%2\" CASCADE; DROP ROLE IF EXISTS %1_nocreate")
                    .arg(m_schema, stateSchema()));
    }

    void sameContentsAsLocal_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("upsert") << "upsert";
        QTest::newRow("mirror") << "mirror";
    }

    void sameContentsAsLocal()
    {
        QFETCH(QString, mode);
        Fixture f(m_schema);
        writeConnection(f);
        f.writeSync(QStringLiteral("wh"), sync(mode, QStringLiteral("warehouse"), QStringLiteral("dst")));
        f.writeSync(QStringLiteral("loc"), sync(mode, QStringLiteral("local"), QStringLiteral("dst_local")));
        // Runs both syncs; the destinations and the counts must agree, `queried` and
        // `unchanged` too (the rows the warehouse kept are unchanged); `transferred` counts the
        // rows that left it.
        const auto step = [&](const char* what, qint64 transferred) {
            const RunReport local = f.run(QStringLiteral("loc"));
            const RunReport warehouse = f.run(QStringLiteral("wh"));
            QVERIFY2(!warehouse.error.contains(QLatin1String("connection")), qPrintable(warehouse.error));
            QCOMPARE(warehouse.status, local.status);
            QCOMPARE(warehouse.counts.added, local.counts.added);
            QCOMPARE(warehouse.counts.changed, local.counts.changed);
            QCOMPARE(warehouse.counts.removed, local.counts.removed);
            QCOMPARE(warehouse.counts.rejected, local.counts.rejected);
            QCOMPARE(warehouse.counts.sent, local.counts.sent);
            QCOMPARE(warehouse.counts.failed, local.counts.failed);
            QCOMPARE(warehouse.counts.queried, local.counts.queried);
            QCOMPARE(warehouse.counts.unchanged, local.counts.unchanged);
            QCOMPARE(warehouse.counts.transferred.value_or(warehouse.counts.queried), transferred);
            QVERIFY2(tablesDiffer() == 0, what);
        };
        // Six rows break the destination's CHECK (score 0 to 100): rejected, and read again
        // each run until they are fixed.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET score = 150 WHERE id % 500 = 0").arg(m_schema)));
        step("first run", 3000);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(stateRows(QStringLiteral("wh")), 2994);
        step("nothing changed", 6);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET score = score + 1 WHERE id % 100 = 1").arg(m_schema)));
        step("1% changed", 30 + 6);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.src WHERE id % 1000 = 7;"
                                                         "INSERT INTO %1.src SELECT g, 'new' || g || '@example.com', "
                                                         "'New', 1, now() FROM generate_series(3001, 3010) g")
                                              .arg(m_schema)));
        step("three removed, ten added", 10 + 6);
        // A second row for key 42: every row of it is rejected, in both.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.src VALUES (42, 'twin@example.com', 'Twin', 1, now())").arg(m_schema)));
        step("a repeated key", 2 + 6);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DELETE FROM %1.src WHERE name = 'Twin'; UPDATE %1.src SET score = 1 WHERE score = 150")
                .arg(m_schema)));
        step("rejects fixed", 6); // 42's one row is as the state has it: it stays
        step("settled", 0);
        if (mode == QLatin1String("mirror"))
            QCOMPARE(TestSupport::srcDstMismatches(m_schema), 0);
        QCOMPARE(stateRows(QStringLiteral("wh")), mode == QLatin1String("mirror") ? 3007 : 3007);

        // A full run sends every row, as a local one does.
        const RunReport full = f.run(QStringLiteral("wh"), RunOptions{false, true, false, {}});
        QCOMPARE(transferred(full), 3007);
        QCOMPARE(full.counts.sent, 3007);
    }

    // With a key PostgreSQL proves unique, counting says whether any key left; the search
    // for them runs only then. Keys that leave while as many come must still be found.
    void keysThatLeftUnderAProvedKey()
    {
        QVERIFY(TestSupport::execPostgres(QStringLiteral("ALTER TABLE %1.src ADD PRIMARY KEY (id)").arg(m_schema)));
        Fixture f(m_schema);
        writeWarehouseSync(f, QStringLiteral("wh"), QStringLiteral("mirror"));
        QCOMPARE(f.run(QStringLiteral("wh")).counts.sent, 3000);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DELETE FROM %1.src WHERE id IN (5, 6, 7);"
            "INSERT INTO %1.src SELECT g, 'n' || g || '@example.com', 'N', 1, now() FROM generate_series(3001, 3003) g")
                                              .arg(m_schema)));
        const RunReport swapped = f.run(QStringLiteral("wh"));
        QCOMPARE(swapped.counts.added, 3);
        QCOMPARE(swapped.counts.removed, 3);
        QCOMPARE(transferred(swapped), 3);
        QCOMPARE(swapped.counts.queried, 3000); // counted in the warehouse
        QCOMPARE(swapped.counts.unchanged, 2997);
        QCOMPARE(TestSupport::srcDstMismatches(m_schema), 0);
        const RunReport quiet = f.run(QStringLiteral("wh"));
        QCOMPARE(quiet.counts.removed, 0);
        QCOMPARE(transferred(quiet), 0);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.src WHERE id IN (10, 11)").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("wh")).counts.removed, 2);
        QCOMPARE(TestSupport::srcDstMismatches(m_schema), 0);
        QCOMPARE(stateRows(QStringLiteral("wh")), 2998);
    }

    // A sync that found its changes locally switches to the warehouse: its first run reads
    // every row, and a key that left meanwhile is still deleted (the merge with the journal
    // finds it; the new state never held it).
    void switchingToTheWarehouseFindsKeysThatLeft()
    {
        Fixture f(m_schema);
        writeConnection(f);
        f.writeSync(
            QStringLiteral("s"), sync(QStringLiteral("mirror"), QStringLiteral("local"), QStringLiteral("dst")));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 3000);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.src WHERE id IN (8, 9)").arg(m_schema)));
        f.writeSync(
            QStringLiteral("s"), sync(QStringLiteral("mirror"), QStringLiteral("warehouse"), QStringLiteral("dst")));
        const RunReport switched = f.run(QStringLiteral("s"));
        QCOMPARE(switched.counts.removed, 2);
        QCOMPARE(switched.counts.sent, 2); // the deletes; every other row is as the journal has it
        QCOMPARE(switched.counts.unchanged, 2998);
        QCOMPARE(TestSupport::srcDstMismatches(m_schema), 0);
        QCOMPARE(stateRows(QStringLiteral("s")), 2998);
        QCOMPARE(transferred(f.run(QStringLiteral("s"))), 0);
    }

    // The reject guard weighs rejects against the query's rows, not the few that left the
    // warehouse: six rejects read again every run are 0.2% of 3,000, not 100% of six.
    void theRejectGuardWeighsTheWholeQuery()
    {
        Fixture f(m_schema);
        writeConnection(f);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET score = 150 WHERE id % 500 = 0").arg(m_schema)));
        QJsonObject guarded = sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst"));
        guarded.insert(QStringLiteral("guards"), QJsonObject{{QStringLiteral("maxRejectPercent"), 5}});
        f.writeSync(QStringLiteral("g"), guarded);
        QCOMPARE(f.run(QStringLiteral("g")).counts.sent, 2994);
        const RunReport again = f.run(QStringLiteral("g"));
        QVERIFY2(again.status == RunReport::Status::Succeeded || again.status == RunReport::Status::Partial,
            qPrintable(again.error));
        QCOMPARE(transferred(again), 6);
        QCOMPARE(again.counts.rejected, 6);
        // And a mapping that breaks every row still stops it.
        guarded = TestSupport::withTransform(guarded, 1, QStringLiteral("number"));
        f.writeSync(QStringLiteral("g"), guarded);
        const RunReport broken = f.run(QStringLiteral("g"));
        QVERIFY2(broken.error.contains(QStringLiteral("stopped by guard maxRejectPercent")), qPrintable(broken.error));
    }

    // A copy of the workspace (another journal, the same names) keeps a state of its own: its
    // first run reads every row, and the original's state is left as it was.
    void aCopyOfTheWorkspaceKeepsItsOwnState()
    {
        Fixture original(m_schema);
        writeWarehouseSync(original, QStringLiteral("c"), QStringLiteral("upsert"));
        QCOMPARE(original.run(QStringLiteral("c")).counts.sent, 3000);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("TRUNCATE %1.dst").arg(m_schema)));
        Fixture copy(m_schema);
        writeWarehouseSync(copy, QStringLiteral("c"), QStringLiteral("upsert"));
        const RunReport first = copy.run(QStringLiteral("c"));
        QCOMPARE(transferred(first), 3000);
        QCOMPARE(first.counts.sent, 3000);
        QCOMPARE(stateTables(QStringLiteral("c")).size(), 2);
        QCOMPARE(transferred(original.run(QStringLiteral("c"))), 0);
    }

    // A mapping that changes finds every row changed (the rows' hashes are seeded by it), and
    // sends what the local sync sends.
    void aMappingChangeReadsEveryRow()
    {
        Fixture f(m_schema);
        writeWarehouseSync(f, QStringLiteral("wh"), QStringLiteral("upsert"));
        QCOMPARE(f.run(QStringLiteral("wh")).counts.sent, 3000);
        QJsonObject changed = sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst"));
        changed = TestSupport::withTransform(changed, 2, QStringLiteral("upper"));
        f.writeSync(QStringLiteral("wh"), changed);
        const RunReport again = f.run(QStringLiteral("wh"));
        QCOMPARE(transferred(again), 3000);
        QCOMPARE(again.counts.sent, 3000);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst WHERE name = upper(name)").arg(m_schema)), 3000);
        QCOMPARE(transferred(f.run(QStringLiteral("wh"))), 0);
    }

    // The state's session may write, and the user's query is part of the statement that makes
    // the state table: a query that writes still changes nothing.
    void aQueryThatWritesChangesNothing()
    {
        Fixture f(m_schema);
        writeConnection(f);
        QJsonObject writing = sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst"));
        writing = TestSupport::withSetting(writing, QStringLiteral("source"), QStringLiteral("query"),
            QStringLiteral("WITH d AS (DELETE FROM %1.src WHERE id = 1 RETURNING *) SELECT id, email, name, score,"
                           " updated_at FROM d")
                .arg(m_schema));
        f.writeSync(QStringLiteral("w"), writing);
        const RunReport refused = f.run(QStringLiteral("w"));
        QCOMPARE(refused.status, RunReport::Status::Failed);
        QCOMPARE(refused.counts.sent, 0);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.src WHERE id = 1").arg(m_schema)), 1);
        QVERIFY(stateTables(QStringLiteral("w")).isEmpty());
    }

    // A role that may not create the state schema is told which schema to make and grant.
    void aMissingCreatePrivilegeNamesTheSchema()
    {
        const QString role = m_schema + QStringLiteral("_nocreate");
        qputenv("EBB_TEST_NOCREATE_PASSWORD", "nocreate-pw");
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("SET client_min_messages = warning; DROP ROLE IF EXISTS %2;"
                           "CREATE ROLE %2 LOGIN PASSWORD 'nocreate-pw'; GRANT USAGE ON SCHEMA %1 TO %2;"
                           "GRANT SELECT ON %1.src TO %2; GRANT ALL ON %1.dst TO %2")
                .arg(m_schema, role)));
        Fixture f(m_schema);
        writeConnection(f, role);
        f.writeSync(
            QStringLiteral("wh"), sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst")));
        const RunReport refused = f.run(QStringLiteral("wh"));
        QCOMPARE(refused.status, RunReport::Status::Failed);
        QVERIFY2(refused.error.contains(QStringLiteral("cannot create the schema \"%1\"").arg(stateSchema()))
                && refused.error.contains(QStringLiteral("permission denied"))
                && refused.error.contains(QStringLiteral("grant CREATE on it")),
            qPrintable(refused.error));
        QCOMPARE(refused.counts.sent, 0);
        // Made by someone who may, with CREATE granted on it: the run goes.
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("CREATE SCHEMA \"%1\"; GRANT CREATE, USAGE ON SCHEMA \"%1\" TO %2")
                                          .arg(stateSchema(), role)));
        QCOMPARE(f.run(QStringLiteral("wh")).counts.sent, 3000);
    }

    // A read the writer stopped (here its first batch fails) did not see every row: the rows
    // it did not read are neither counted as unchanged nor their keys as gone.
    void aStoppedReadCountsOnlyWhatItRead()
    {
        const int rows = 30000;
        QVERIFY(TestSupport::resetSrcAndDst(m_schema, rows));
        Fixture f(m_schema);
        writeWarehouseSync(f, QStringLiteral("wh"), QStringLiteral("upsert"));
        QCOMPARE(f.run(QStringLiteral("wh")).counts.sent, rows);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET name = name || '!';"
                           "CREATE FUNCTION %1.no_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                           "  RAISE EXCEPTION 'the destination is read-only today'; END $$;"
                           "CREATE CONSTRAINT TRIGGER no_commit AFTER INSERT OR UPDATE ON %1.dst DEFERRABLE"
                           "  INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION %1.no_commit()")
                .arg(m_schema)));
        PauseWhenRead pause(15000); // past the writer's first batch of 10,000
        const RunReport stopped = f.run(QStringLiteral("wh"), {}, &pause);
        QCOMPARE(stopped.status, RunReport::Status::Failed);
        QVERIFY2(stopped.error.contains(QStringLiteral("read-only today")), qPrintable(stopped.error));
        QVERIFY2(stopped.counts.queried < rows, qPrintable(stopped.counts.text()));
        QVERIFY2(!stopped.counts.transferred, qPrintable(stopped.counts.text()));
        QCOMPARE(stopped.counts.unchanged, 0);
        QCOMPARE(stopped.counts.removed, 0);

        QVERIFY(TestSupport::execPostgres(QStringLiteral("DROP TRIGGER no_commit ON %1.dst").arg(m_schema)));
        const RunReport rest = f.run(QStringLiteral("wh"));
        QCOMPARE(rest.counts.changed, rows);
        QCOMPARE(rest.counts.queried, rows);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst WHERE name LIKE '%!'").arg(m_schema)), rows);
    }

    // Only a PostgreSQL connection keeps a state; the sync file says so, and a cursor with it.
    void whatTheSyncFileIsToldOtherwise()
    {
        Fixture f(m_schema);
        writeConnection(f);
        QJsonObject lite = sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst"));
        lite = TestSupport::withSetting(
            lite, QStringLiteral("source"), QStringLiteral("connection"), QStringLiteral("lite"));
        f.writeSync(QStringLiteral("lite"), lite);
        // Refused as the workspace loads, as a cursor is: before any run, in the sync file's words.
        auto refused = WorkspaceLoader::load(f.path());
        QVERIFY(!refused);
        const QString error = refused.error().toString();
        QVERIFY2(error.contains(QStringLiteral("syncs/lite.json"))
                && error.contains(QStringLiteral("$.source.changeDetection"))
                && error.contains(QStringLiteral("connection \"lite\" is a SQLite connection, which cannot"
                                                 " find a sync's changes itself")),
            qPrintable(error));
        QVERIFY(QFile::remove(f.path() + QStringLiteral("/syncs/lite.json")));

        // Read and written back as it was (the window saves sync files through SyncSpec).
        f.writeSync(
            QStringLiteral("bad"), sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst")));
        auto loaded = WorkspaceLoader::load(f.path());
        QVERIFY(loaded);
        SyncSpec spec = *loaded->sync(QStringLiteral("bad"));
        QCOMPARE(spec.changeDetection, SyncSpec::ChangeDetection::Warehouse);
        QCOMPARE(spec.toJson().value(QStringLiteral("source")).toObject().value(QStringLiteral("changeDetection")),
            QJsonValue(QStringLiteral("warehouse")));
        spec.changeDetection = SyncSpec::ChangeDetection::Local;
        QVERIFY(!spec.toJson().value(QStringLiteral("source")).toObject().contains(QStringLiteral("changeDetection")));

        // The loader: a word that names no way, and a cursor (the warehouse reads every row).
        const auto loadError = [&](const QString& key, const QJsonValue& value) {
            f.writeSync(QStringLiteral("bad"),
                TestSupport::withSetting(
                    sync(QStringLiteral("upsert"), QStringLiteral("warehouse"), QStringLiteral("dst")),
                    QStringLiteral("source"), key, value));
            auto loaded = WorkspaceLoader::load(f.path());
            return loaded ? QString() : loaded.error().toString();
        };
        const QString unknown = loadError(QStringLiteral("changeDetection"), QStringLiteral("server"));
        QVERIFY2(unknown.contains(QStringLiteral("syncs/bad.json"))
                && unknown.contains(QStringLiteral("$.source.changeDetection: \"server\" is not \"local\"")),
            qPrintable(unknown));
        const QString cursor = loadError(QStringLiteral("cursor"), QStringLiteral("updated_at"));
        QVERIFY2(cursor.contains(QStringLiteral("$.source.changeDetection: \"warehouse\" compares every row in the"
                                                " warehouse; it takes no \"cursor\": remove \"cursor\"")),
            qPrintable(cursor));
    }
};

QTEST_GUILESS_MAIN(TestWarehouseChanges)
#include "tst_warehousechanges.moc"
