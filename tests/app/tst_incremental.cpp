#include "app/engine/RunObserver.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <algorithm>

using namespace Ebb;
using Ebb::TestSupport::pgScalar;
using Ebb::TestSupport::withSetting;
using Ebb::TestSupport::withTransform;
using Fixture = Ebb::TestSupport::EngineFixture;

// Collects a run's log lines.
class LogLines : public RunObserver
{
public:
    void onLog(LogLevel /*level*/, const QString& text) override { m_lines << text; }
    bool contains(const QString& part) const
    {
        return std::any_of(m_lines.begin(), m_lines.end(), [&](const QString& line) { return line.contains(part); });
    }
    QString all() const { return m_lines.join(QLatin1Char('\n')); }

private:
    QStringList m_lines;
};

// Syncs with an incremental cursor ("source.cursor"): a run reads only the rows at or past
// the newest cursor value the last good run saw, against real PostgreSQL and SQLite.
class TestIncremental : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("incremental_%1").arg(QCoreApplication::applicationPid());

    void resetTables(int rows, const QString& firstStamp = QStringLiteral("timestamptz '2026-01-01 00:00:00+00'"))
    {
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.src AS SELECT g AS id, 'user' || g || '@example.com' AS email, 'Name ' || g AS name,"
            "  (g % 100) AS score, %3 + (g || ' minutes')::interval AS updated_at FROM generate_series(1, %2) g;"
            "CREATE TABLE %1.dst (id bigint PRIMARY KEY, email text NOT NULL, name varchar(40), score int, updated_at "
            "timestamptz)")
                                              .arg(m_schema)
                                              .arg(rows)
                                              .arg(firstStamp)));
    }

    QJsonObject sync(const QString& cursor = QStringLiteral("updated_at"), const QJsonObject& guards = {})
    {
        return withSetting(TestSupport::pgSync(m_schema, QStringLiteral("upsert"), guards), QStringLiteral("source"),
            QStringLiteral("cursor"), cursor);
    }

    qint64 mismatches()
    {
        return pgScalar(QStringLiteral("SELECT count(*) FROM %1.src s FULL JOIN %1.dst d USING (id)"
                                       " WHERE s.id IS NULL OR d.id IS NULL OR s.name IS DISTINCT FROM d.name"
                                       "    OR s.score IS DISTINCT FROM d.score"
                                       "    OR s.updated_at IS DISTINCT FROM d.updated_at") // microseconds and all
                            .arg(m_schema));
    }

    // A sync of `query` (id, name and the cursor column) into the JSONL file of connection "out".
    QJsonObject fileSync(const QString& cursor, const QString& query)
    {
        QJsonObject s = withSetting(sync(cursor), QStringLiteral("source"), QStringLiteral("query"), query);
        s = withSetting(s, QStringLiteral("destination"), QStringLiteral("connection"), QStringLiteral("out"));
        s.insert(QStringLiteral("mappings"),
            QJsonDocument::fromJson(R"([{"source": "id", "target": "id"}, {"source": "name", "target": "name"}])")
                .array());
        return s;
    }

    QString savedCursor(Fixture& f) { return (*f.journal()->cursor(QStringLiteral("s")))->value; }

private Q_SLOTS:
    void initTestCase() { EBB_REQUIRE_POSTGRES(); }
    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    void readsOnlyRowsPastTheCursor()
    {
        resetTables(2000);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), sync());
        RunReport first = f.run(QStringLiteral("s"));
        QVERIFY2(first.status == RunReport::Status::Succeeded, qPrintable(first.error));
        QCOMPARE(first.counts.queried, 2000);
        QCOMPARE(first.counts.sent, 2000);
        QCOMPARE(savedCursor(f), QStringLiteral("2026-01-02T09:20:00.000Z")); // row 2000: 2,000 minutes in

        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET name = name || ' (moved)', updated_at = "
                                                     "timestamptz '2030-01-01 00:00:00.123456+00' WHERE id % 100 = 0")
                                          .arg(m_schema)));
        RunReport second = f.run(QStringLiteral("s"));
        QCOMPARE(second.counts.queried, 20); // the 20 changed rows, nothing else
        QCOMPARE(second.counts.changed, 20);
        QCOMPARE(second.counts.sent, 20);
        QCOMPARE(mismatches(), 0);
        QCOMPARE(savedCursor(f), QStringLiteral("2030-01-01T00:00:00.123Z"));
        // The 20 records went aside, not into the big table; counts and lookups see them.
        QCOMPARE(f.journal()->changesAside(QStringLiteral("s")).value(), 20);
        QCOMPARE(f.journal()->recordCount(QStringLiteral("s")).value(), 2000);

        // The rows at the cursor are read again (the warehouse keeps microseconds), unchanged.
        RunReport third = f.run(QStringLiteral("s"));
        QCOMPARE(third.counts.queried, 20);
        QCOMPARE(third.counts.unchanged, 20);
        QCOMPARE(third.counts.sent, 0);

        // A change that does not move the cursor is not seen until a full run.
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET score = -5 WHERE id = 7").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 0);
        QCOMPARE(mismatches(), 1);
        RunReport full = f.run(QStringLiteral("s"), {false, true, false, {}, true});
        QCOMPARE(full.counts.queried, 2000);
        QCOMPARE(mismatches(), 0);
        QCOMPARE(f.journal()->changesAside(QStringLiteral("s")).value(), 0); // a full read folds them in first
        QCOMPARE(f.journal()->recordCount(QStringLiteral("s")).value(), 2000);
        QCOMPARE(f.run(QStringLiteral("s")).counts.queried, 20);
    }

    void duplicateKeysStillShowAndHoldTheCursor()
    {
        resetTables(500);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), sync());
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 500);

        // A new row repeats key 5, which an old row (not past the cursor) holds: both are read.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.src VALUES (5, 'x@example.com', 'Copy', 1, timestamptz '2030-01-01+00'),"
                           " (9001, 'a@example.com', 'First', 1, timestamptz '2030-02-01+00'), (9001, 'b@example.com', "
                           "'Second', 1, timestamptz '2030-03-01+00')")
                .arg(m_schema)));
        RunReport report = f.run(QStringLiteral("s"));
        QCOMPARE(report.counts.queried, 5); // and row 500, at the cursor
        QCOMPARE(report.counts.rejected, 4);
        QCOMPARE(report.counts.unchanged, 1);
        QCOMPARE(report.counts.sent, 0);
        const auto rejects = f.journal()->rejects(QStringLiteral("s"), report.runId);
        QCOMPARE(rejects->size(), 4);
        for (const Reject& r : *rejects) {
            QCOMPARE(r.rule, RejectRule::DuplicateKey);
            QCOMPARE(r.field, QStringLiteral("id")); // the key's column
        }
        // The cursor waits at the oldest row of a duplicated key: key 5's original row.
        QCOMPARE(savedCursor(f), QStringLiteral("2026-01-01T00:05:00.000Z"));

        // Key 9001's newer row goes away; its older row, never sent, must now be read and sent.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DELETE FROM %1.src WHERE name IN ('Second', 'Copy')").arg(m_schema)));
        RunReport fixed = f.run(QStringLiteral("s"));
        QCOMPARE(fixed.counts.added, 1);
        QCOMPARE(fixed.counts.sent, 1);
        QCOMPARE(mismatches(), 0);
        QCOMPARE(savedCursor(f), QStringLiteral("2030-02-01T00:00:00.000Z"));
    }

    void aUniqueKeyReadsOnlyTheChangedRows()
    {
        resetTables(500);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "ALTER TABLE %1.src ADD PRIMARY KEY (id); CREATE TABLE %1.tags (id bigint, changed timestamptz)")
                                              .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), sync());
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 500);

        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "UPDATE %1.src SET name = 'Moved', updated_at = timestamptz '2030-01-01+00' WHERE id IN (3, 4)")
                                              .arg(m_schema)));
        LogLines log;
        RunReport report = f.run(QStringLiteral("s"), {}, &log);
        QCOMPARE(report.counts.queried, 3); // and row 500, at the cursor
        QCOMPARE(report.counts.changed, 2);
        QCOMPARE(mismatches(), 0);
        QVERIFY2(log.contains(QStringLiteral("(unique index %1.src_pkey keeps key id unique)").arg(m_schema)),
            qPrintable(log.all()));

        // A join can repeat a key the table holds once: nothing is proved, and an old row that
        // shares its key with a changed one is read and rejected with it.
        QJsonObject joined = withSetting(sync(), QStringLiteral("source"), QStringLiteral("query"),
            QStringLiteral("SELECT s.id, s.email, s.name, s.score, greatest(s.updated_at, t.changed) AS updated_at"
                           " FROM %1.src s LEFT JOIN %1.tags t USING (id)")
                .arg(m_schema));
        f.writeSync(QStringLiteral("s"), joined);
        QCOMPARE(f.run(QStringLiteral("s")).counts.queried, 500); // a new query reads everything
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.tags VALUES (7, NULL), (7, timestamptz '2031-01-01+00')").arg(m_schema)));
        LogLines joinedLog;
        report = f.run(QStringLiteral("s"), {}, &joinedLog);
        QCOMPARE(report.counts.queried, 4); // key 7 twice, and rows 3 and 4 at the cursor
        QCOMPARE(report.counts.rejected, 2);
        QCOMPARE(report.counts.sent, 0);
        QVERIFY2(joinedLog.contains(QStringLiteral("and every row sharing a key with one of them")),
            qPrintable(joinedLog.all()));

        // A timestamp key is unique to PostgreSQL to the microsecond, and to the journal too:
        // two keys 1 µs apart are two records (they were once rejected as one duplicate).
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("CREATE TABLE %1.stamped (k timestamptz PRIMARY KEY, name text, updated_at timestamptz);"
                           "INSERT INTO %1.stamped VALUES ('2024-01-01 00:00:00.5+00', 'a', '2026-01-01+00')")
                .arg(m_schema)));
        QJsonObject stamped = withSetting(sync(), QStringLiteral("source"), QStringLiteral("query"),
            QStringLiteral("SELECT k, name, updated_at FROM %1.stamped").arg(m_schema));
        stamped = withSetting(stamped, QStringLiteral("source"), QStringLiteral("primaryKey"), QStringLiteral("k"));
        stamped
            = withSetting(stamped, QStringLiteral("destination"), QStringLiteral("connection"), QStringLiteral("out"));
        stamped.insert(QStringLiteral("mappings"),
            QJsonDocument::fromJson(R"([{"source": "k", "target": "k"}, {"source": "name", "target": "name"}])")
                .array());
        f.writeSync(QStringLiteral("t"), stamped);
        QCOMPARE(f.run(QStringLiteral("t")).counts.sent, 1);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.stamped VALUES ('2024-01-01 00:00:00.500001+00', 'b', '2027-01-01+00')")
                .arg(m_schema)));
        LogLines stampedLog;
        report = f.run(QStringLiteral("t"), {}, &stampedLog);
        QVERIFY2(stampedLog.contains(QStringLiteral("(unique index %1.stamped_pkey keeps key k unique)").arg(m_schema)),
            qPrintable(stampedLog.all()));
        QCOMPARE(report.counts.rejected, 0);
        QCOMPARE(report.counts.added, 1);
        QCOMPARE(report.counts.sent, 1);
    }

    void aTextCursorComparesBytesWhateverItsCollation()
    {
        // Under a linguistic collation "a" sorts before "Z"; the saved position is the largest
        // value by bytes ("Z"), so the warehouse must compare by bytes too or "a" is never read.
        if (pgScalar(QStringLiteral("SELECT count(*) FROM pg_collation WHERE collname = 'en-US-x-icu'")) != 1)
            QSKIP("this PostgreSQL has no ICU collations");
        resetTables(1);
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("DROP TABLE IF EXISTS %1.coll; CREATE TABLE %1.coll (id bigint "
                                                     "PRIMARY KEY, name text, cur text COLLATE \"en-US-x-icu\");"
                                                     "INSERT INTO %1.coll VALUES (1, 'one', 'A'), (2, 'two', 'Z')")
                                          .arg(m_schema)));
        Fixture f(m_schema);
        const QJsonObject s
            = fileSync(QStringLiteral("cur"), QStringLiteral("SELECT id, name, cur FROM %1.coll").arg(m_schema));
        f.writeSync(QStringLiteral("c"), s);
        QCOMPARE(f.run(QStringLiteral("c")).counts.sent, 2);
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("INSERT INTO %1.coll VALUES (3, 'three', 'a')").arg(m_schema)));
        RunReport report = f.run(QStringLiteral("c"));
        QCOMPARE(report.counts.added, 1);
        QCOMPARE(report.counts.sent, 1);

        // A column read as text that takes no COLLATE itself (an enum) compares as its text.
        QVERIFY(TestSupport::execPostgres(QStringLiteral("CREATE TYPE %1.stage AS ENUM ('lead', 'won'); ALTER TABLE "
                                                         "%1.coll ADD COLUMN stage %1.stage DEFAULT 'lead'")
                                              .arg(m_schema)));
        f.writeSync(QStringLiteral("c"),
            withSetting(withSetting(s, QStringLiteral("source"), QStringLiteral("cursor"), QStringLiteral("stage")),
                QStringLiteral("source"), QStringLiteral("query"),
                QStringLiteral("SELECT id, name, stage FROM %1.coll").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("c")).counts.queried, 3);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.coll SET stage = 'won', name = 'won' WHERE id = 2").arg(m_schema)));
        RunReport enumRun = f.run(QStringLiteral("c"));
        QVERIFY2(enumRun.status == RunReport::Status::Succeeded, qPrintable(enumRun.error));
        QCOMPARE(enumRun.counts.sent, 1);
    }

    void aNumericCursor()
    {
        resetTables(1);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP TABLE IF EXISTS %1.ver; CREATE TABLE %1.ver (id bigint PRIMARY KEY, name text, "
                           "version numeric(30,10));"
                           "INSERT INTO %1.ver VALUES (1, 'one', 10.5), (2, 'two', 12345678901234567890.0000000001)")
                .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"),
            fileSync(QStringLiteral("version"), QStringLiteral("SELECT id, name, version FROM %1.ver").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 2);
        QCOMPARE(savedCursor(f), QStringLiteral("12345678901234567890.0000000001")); // exact
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.ver SET name = 'uno', version = 12345678901234567890.0000000002 WHERE id = 1")
                .arg(m_schema)));
        RunReport next = f.run(QStringLiteral("s"));
        QCOMPARE(next.counts.queried, 2); // the changed row, and the one at the position
        QCOMPARE(next.counts.sent, 1);
    }

    void aFailureKeepsTheCursorWhereItWas()
    {
        resetTables(300);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "CREATE FUNCTION %1.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            "  IF NEW.name = 'boom' THEN RAISE EXCEPTION 'refused by trigger'; END IF; RETURN NEW; END $$;"
            "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON %1.dst FOR EACH ROW EXECUTE FUNCTION %1.refuse()")
                                              .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), sync());
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 300);
        const QString before = savedCursor(f);

        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET name = 'boom', updated_at = timestamptz '2030-01-01+00' WHERE id = 10;"
                           "UPDATE %1.src SET name = 'fine', updated_at = timestamptz '2030-01-02+00' WHERE id = 11")
                .arg(m_schema)));
        RunReport failed = f.run(QStringLiteral("s"));
        QCOMPARE(failed.counts.failed, 1);
        QCOMPARE(failed.counts.sent, 1);
        QCOMPARE(savedCursor(f), before); // the next run reads the same rows again
        // The writer's thread reports the key in the run's own log.
        QFile runLog(f.path(QStringLiteral(".ebb/logs/runs/%1.log").arg(failed.runId)));
        QVERIFY(runLog.open(QIODevice::ReadOnly));
        const QByteArray logged = runLog.readAll();
        QVERIFY2(
            logged.contains("[warning] key 10 failed:") && logged.contains("refused by trigger"), logged.constData());

        QVERIFY(TestSupport::execPostgres(QStringLiteral("DROP TRIGGER refuse ON %1.dst").arg(m_schema)));
        RunReport retried = f.run(QStringLiteral("s"));
        QCOMPARE(retried.counts.changed, 1); // row 10; row 11 is unchanged since it was sent
        QCOMPARE(retried.counts.unchanged, 2); // row 11 and row 300, at the old cursor
        QCOMPARE(mismatches(), 0);
        QCOMPARE(savedCursor(f), QStringLiteral("2030-01-02T00:00:00.000Z"));
    }

    void aNewMappingReadsEverything()
    {
        resetTables(200);
        Fixture f(m_schema);
        QJsonObject json = sync();
        f.writeSync(QStringLiteral("s"), json);
        QCOMPARE(f.run(QStringLiteral("s")).counts.queried, 200);
        QCOMPARE(f.run(QStringLiteral("s")).counts.queried, 1);

        f.writeSync(QStringLiteral("s"), withTransform(json, 2, QStringLiteral("upper")));
        RunReport remapped = f.run(QStringLiteral("s"));
        QCOMPARE(remapped.counts.queried, 200);
        QCOMPARE(remapped.counts.changed, 200);
        QCOMPARE(f.run(QStringLiteral("s")).counts.queried, 1);
    }

    void freshnessAsksTheWarehouse()
    {
        // An incremental read may see no row at all; the freshness guard still needs the newest.
        resetTables(100, QStringLiteral("now() - interval '3 hours'"));
        Fixture f(m_schema);
        const QJsonObject guards{{QStringLiteral("freshness"),
            QJsonObject{{QStringLiteral("column"), QStringLiteral("updated_at")},
                {QStringLiteral("maxAge"), QStringLiteral("6h")}}}};
        f.writeSync(QStringLiteral("s"), sync(QStringLiteral("updated_at"), guards));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 100);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET updated_at = updated_at - interval '10 days'").arg(m_schema)));
        RunReport stale = f.run(QStringLiteral("s"));
        QCOMPARE(stale.counts.queried, 0);
        QCOMPARE(stale.status, RunReport::Status::Stopped);
        QVERIFY2(stale.error.contains(QStringLiteral("guard freshness")), qPrintable(stale.error));
    }

    void sqliteTimestampsInAnyShape()
    {
        Fixture f(m_schema);
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db
                    ->exec(QStringLiteral(
                        "CREATE TABLE t (k TEXT, v INTEGER, changed TIMESTAMP, version INTEGER);"
                        "INSERT INTO t VALUES ('a', 1, '2026-01-01 10:00:00', 1), ('b', 2, '2026-01-01T11:00:00Z', 2),"
                        "  ('c', 3, 1767265200, 3)"))
                    .ok()); // Unix time: 2026-01-01 11:00 UTC
        }
        const QList<std::pair<QString, int>> cursors{{QStringLiteral("changed"), 2}, {QStringLiteral("version"), 1}};
        for (const auto& [cursor, atTheCursor] : cursors) {
            f.writeSync(cursor,
                QJsonDocument::fromJson(
                    QStringLiteral(R"({"source": {"connection": "lite", "query": "SELECT k, v, changed, version FROM t",
                "primaryKey": "k", "cursor": "%1"}, "destination": {"connection": "out"},
                "mappings": [{"source": "k", "target": "k"}, {"source": "v", "target": "v"}]})")
                        .arg(cursor)
                        .toUtf8())
                    .object());
            QCOMPARE(f.run(cursor).counts.sent, 3);
            QCOMPARE(f.run(cursor).counts.queried, atTheCursor); // b and c share the newest instant
        }
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db->exec(
                      QStringLiteral(
                          "UPDATE t SET v = 10, changed = '2026-01-02 08:00:00.250+01:00', version = 4 WHERE k = 'a'"))
                    .ok());
        }
        RunReport byTime = f.run(QStringLiteral("changed"));
        QCOMPARE(byTime.counts.queried, 3); // a, and b and c at the cursor
        QCOMPARE(byTime.counts.sent, 1);
        RunReport byVersion = f.run(QStringLiteral("version"));
        QCOMPARE(byVersion.counts.queried, 2); // a, and c at the cursor
        QCOMPARE(byVersion.counts.sent, 1);
    }

    void aLookBackSeesRowsThatCommittedLate()
    {
        resetTables(100);
        Fixture f(m_schema);
        QJsonObject json = sync();
        f.writeSync(QStringLiteral("s"), json);
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 100);
        // A long transaction commits a row stamped five minutes before the newest one read.
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "INSERT INTO %1.src VALUES (500, 'late@example.com', 'Late', 1, timestamptz '2026-01-01 01:35:00+00')")
                                              .arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.added, 0); // without a look-back it is missed

        f.writeSync(QStringLiteral("s"),
            withSetting(json, QStringLiteral("source"), QStringLiteral("cursorLookback"), QStringLiteral("10m")));
        RunReport late = f.run(QStringLiteral("s"));
        QCOMPARE(late.counts.queried, 12); // rows 90..100 (ten minutes before the newest) and the late one
        QCOMPARE(late.counts.added, 1);
        QCOMPARE(mismatches(), 0);
    }

    void badCursorsAreConfigurationErrors()
    {
        resetTables(10);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), sync(QStringLiteral("no_such_column")));
        RunReport missing = f.run(QStringLiteral("s"));
        QCOMPARE(missing.status, RunReport::Status::Failed);
        QVERIFY(missing.badConfiguration);
        QVERIFY2(missing.error.contains(QStringLiteral("$.source.cursor: no column \"no_such_column\"")),
            qPrintable(missing.error));

        f.writeSync(QStringLiteral("s"), sync(QStringLiteral("email")));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 10); // text cursors are allowed

        f.writeSync(QStringLiteral("s"),
            withSetting(sync(QStringLiteral("email")), QStringLiteral("source"), QStringLiteral("cursorLookback"),
                QStringLiteral("1h")));
        RunReport noTime = f.run(QStringLiteral("s"));
        QVERIFY(noTime.badConfiguration);
        QVERIFY2(noTime.error.contains(QStringLiteral("a look-back needs a date or timestamp cursor")),
            qPrintable(noTime.error));

        f.writeSync(QStringLiteral("s"),
            withSetting(sync(QStringLiteral("email")), QStringLiteral("source"), QStringLiteral("cursorLookback"),
                QStringLiteral("soon")));
        auto malformed = WorkspaceLoader::load(f.path());
        QVERIFY(!malformed);
        QVERIFY2(malformed.error().toString().contains(
                     QStringLiteral("$.source.cursorLookback: \"soon\" is not a duration")),
            qPrintable(malformed.error().toString()));

        QVERIFY(TestSupport::execPostgres(QStringLiteral("ALTER TABLE %1.src ADD COLUMN flag boolean").arg(m_schema)));
        f.writeSync(QStringLiteral("s"),
            withSetting(sync(QStringLiteral("flag")), QStringLiteral("source"), QStringLiteral("query"),
                QStringLiteral("SELECT * FROM %1.src").arg(m_schema)));
        RunReport boolean = f.run(QStringLiteral("s"));
        QVERIFY(boolean.badConfiguration);
        QVERIFY2(boolean.error.contains(QStringLiteral("a cursor must be")), qPrintable(boolean.error));

        f.writeSync(QStringLiteral("s"),
            withSetting(sync(), QStringLiteral("destination"), QStringLiteral("mode"), QStringLiteral("mirror")));
        auto loaded = WorkspaceLoader::load(f.path());
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().toString().contains(QStringLiteral("$.source.cursor: mirror mode must see every key")),
            qPrintable(loaded.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestIncremental)
#include "tst_incremental.moc"
