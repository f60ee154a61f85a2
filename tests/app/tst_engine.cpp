#include "app/engine/SyncRunner.h"
#include "app/journal/Journal.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/postgres/PgConnection.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/mapping/Payload.h"
#include "models/mapping/StoredHash.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <libpq-fe.h>
#include <sqlite3.h>

using namespace Ebb;
using Ebb::TestSupport::pgScalar;
using Ebb::TestSupport::pgSync;
using Ebb::TestSupport::withSetting;
using Fixture = Ebb::TestSupport::EngineFixture;

namespace {

class CancelAfterFirstBatch : public RunObserver
{
public:
    explicit CancelAfterFirstBatch(std::atomic_bool& flag)
        : m_flag(flag)
    {
    }
    void onProgress(const RunProgress& p) override
    {
        if (p.phase == QLatin1String("dispatch") && p.counts.sent > 0)
            m_flag = true;
    }

private:
    std::atomic_bool& m_flag;
};

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("engine_%1").arg(QCoreApplication::applicationPid());

    void resetTables(int rows) { QVERIFY(TestSupport::resetSrcAndDst(m_schema, rows)); }

    qint64 dstMismatches() { return TestSupport::srcDstMismatches(m_schema); }

private Q_SLOTS:
    void initTestCase() { EBB_REQUIRE_POSTGRES(); }
    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    // Journals before version 9 hold the old mixer's hashes (top bit clear after the
    // migration): compared with the old mixer, an upgrade sends nothing again, and a record
    // takes the XXH3 kind (top bit set) when it is next written.
    void anUpgradedJournalSendsNothingAgain()
    {
        resetTables(500);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 500);
        {
            // As a journal of version 8 held them: the old payload hash of what was sent, no
            // source hash (0: unknown, so every row is mapped and its payload compared), and one
            // hash with its top bit set, which the migration clears.
            auto db = SqliteHandle::open(
                f.path(QStringLiteral(".ebb/journal.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db);
            sqlite3_stmt* raw = nullptr;
            QCOMPARE(sqlite3_prepare_v2(db->get(), "SELECT key, payload FROM records", -1, &raw, nullptr), SQLITE_OK);
            SqliteStatement rows(raw);
            QList<QPair<QByteArray, qint64>> legacy;
            while (sqlite3_step(raw) == SQLITE_ROW) {
                const QByteArray key(
                    static_cast<const char*>(sqlite3_column_blob(raw, 0)), sqlite3_column_bytes(raw, 0));
                const QByteArray payload(
                    static_cast<const char*>(sqlite3_column_blob(raw, 1)), sqlite3_column_bytes(raw, 1));
                QVERIFY(!payload.isEmpty()); // a table keeps what it was sent
                legacy << qMakePair(key, qint64(PayloadJson::legacyHash(payload) & ~StoredHash::currentKind));
            }
            QCOMPARE(legacy.size(), 500);
            sqlite3_stmt* update = nullptr;
            QCOMPARE(sqlite3_prepare_v2(db->get(), "UPDATE records SET hash = ?2, source_hash = 0 WHERE key = ?1", -1,
                         &update, nullptr),
                SQLITE_OK);
            SqliteStatement set(update);
            for (int i = 0; i < legacy.size(); ++i) {
                const qint64 hash
                    = i == 0 ? qint64(quint64(legacy[i].second) | StoredHash::currentKind) : legacy[i].second;
                sqlite3_bind_blob(
                    update, 1, legacy[i].first.constData(), int(legacy[i].first.size()), SQLITE_TRANSIENT);
                sqlite3_bind_int64(update, 2, hash);
                QCOMPARE(sqlite3_step(update), SQLITE_DONE);
                sqlite3_reset(update);
            }
            QVERIFY(db->exec(QStringLiteral("PRAGMA user_version = 8")).ok());
        }
        const RunReport upgraded = f.run(QStringLiteral("s"));
        QVERIFY2(upgraded.status == RunReport::Status::Succeeded, qPrintable(upgraded.error));
        QCOMPARE(upgraded.counts.sent, 0);
        QCOMPARE(upgraded.counts.unchanged, 500);
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET name = 'moved' WHERE id = 7").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 1);
        QCOMPARE(TestSupport::sqliteScalar(f.path(QStringLiteral(".ebb/journal.sqlite")),
                     "SELECT (SELECT count(*) FROM records WHERE hash < 0) + (SELECT count(*) FROM record_changes "
                     "WHERE hash < 0)"),
            1); // the one written since holds an XXH3 hash
        QCOMPARE(dstMismatches(), 0);
    }

    void postgresToPostgresThenOnlyChanges()
    {
        resetTables(3000);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        RunReport first = f.run(QStringLiteral("s"));
        QVERIFY2(first.status == RunReport::Status::Succeeded, qPrintable(first.error));
        QCOMPARE(first.counts.queried, 3000);
        QCOMPARE(first.counts.added, 3000);
        QCOMPARE(first.counts.sent, 3000);
        QCOMPARE(dstMismatches(), 0);

        RunReport second = f.run(QStringLiteral("s"));
        QCOMPARE(second.counts.unchanged, 3000);
        QCOMPARE(second.counts.sent, 0);

        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET name = name || ' (moved)' WHERE id % 300 = 0").arg(m_schema)));
        RunReport third = f.run(QStringLiteral("s"));
        QCOMPARE(third.counts.changed, 10);
        QCOMPARE(third.counts.sent, 10);
        QCOMPARE(third.counts.unchanged, 2990);
        QCOMPARE(dstMismatches(), 0);
        QCOMPARE(SyncRunner::exitCode(third), 0);

        // --full resends everything, whatever the journal says.
        RunReport full = f.run(QStringLiteral("s"), {false, true, false, {}, true});
        QCOMPARE(full.counts.changed, 3000);
        QCOMPARE(full.counts.sent, 3000);
    }

    void mappingChangeMapsEveryRowAgain()
    {
        // Unchanged source rows skip mapping; a new mapping must not be skipped with them.
        resetTables(300);
        Fixture f(m_schema);
        QJsonObject sync = pgSync(m_schema, QStringLiteral("upsert"));
        f.writeSync(QStringLiteral("s"), sync);
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 300);
        QCOMPARE(f.run(QStringLiteral("s")).counts.unchanged, 300);

        f.writeSync(QStringLiteral("s"), TestSupport::withTransform(sync, 2, QStringLiteral("upper")));
        RunReport remapped = f.run(QStringLiteral("s"));
        QCOMPARE(remapped.counts.changed, 300);
        QCOMPARE(remapped.counts.sent, 300);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst WHERE name = upper(name)").arg(m_schema)), 300);

        // A change at the source in a column the mapping ignores is no change at all.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("ALTER TABLE %1.src ADD COLUMN note text; UPDATE %1.src SET note = 'x'").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.unchanged, 300);
    }

    void microsecondsArriveAndCount()
    {
        // PostgreSQL keeps microseconds; so do the payload, the destination and change detection.
        resetTables(50);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET updated_at = updated_at + interval '123 microseconds' WHERE id <= 10")
                .arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 50);
        QCOMPARE(dstMismatches(), 0); // exact: IS DISTINCT FROM on timestamptz
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET updated_at = updated_at + interval '1 microsecond' WHERE id = 3")
                .arg(m_schema)));
        RunReport report = f.run(QStringLiteral("s"));
        QCOMPARE(report.counts.changed, 1);
        QCOMPARE(report.counts.sent, 1);
        QCOMPARE(dstMismatches(), 0);
        QCOMPARE(pgScalar(QStringLiteral(
                     "SELECT extract(microseconds FROM updated_at)::bigint % 1000 FROM %1.dst WHERE id = 3")
                              .arg(m_schema)),
            124);
    }

    void updatesMatchOnAGeneratedKey()
    {
        // An identity column the database generates: update mode finds rows by it without
        // writing it; upsert, which would have to write it, is a configuration error.
        resetTables(3);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("CREATE TABLE %1.gen (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);"
                           "INSERT INTO %1.gen (name) VALUES ('x'), ('y'), ('z')")
                .arg(m_schema)));
        Fixture f(m_schema);
        QJsonObject s = withSetting(pgSync(m_schema, QStringLiteral("update")), QStringLiteral("destination"),
            QStringLiteral("object"), m_schema + QStringLiteral(".gen"));
        s.insert(QStringLiteral("mappings"),
            QJsonDocument::fromJson(R"([{"source": "id", "target": "id"}, {"source": "name", "target": "name"}])")
                .array());
        f.writeSync(QStringLiteral("g"), s);
        RunReport updated = f.run(QStringLiteral("g"));
        QVERIFY2(updated.status == RunReport::Status::Succeeded, qPrintable(updated.error));
        QCOMPARE(updated.counts.sent, 3);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.gen WHERE name LIKE 'Name %%'").arg(m_schema)), 3);

        f.writeSync(QStringLiteral("g"),
            withSetting(s, QStringLiteral("destination"), QStringLiteral("mode"), QStringLiteral("upsert")));
        RunReport refused = f.run(QStringLiteral("g"));
        QCOMPARE(SyncRunner::exitCode(refused), 2);
        QVERIFY2(refused.error.contains(QStringLiteral("$.destination.matchField: the database generates \"id\"")),
            qPrintable(refused.error));
    }

    void mirrorDeletesKeysThatLeft()
    {
        resetTables(500);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("m"), pgSync(m_schema, QStringLiteral("mirror")));
        QCOMPARE(f.run(QStringLiteral("m")).counts.sent, 500);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.src WHERE id <= 25").arg(m_schema)));
        RunReport report = f.run(QStringLiteral("m"));
        QCOMPARE(report.counts.removed, 25);
        QCOMPARE(report.counts.sent, 25);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 475);
        QCOMPARE(dstMismatches(), 0);
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("m")), 475);
    }

    void keysThatLeftCountOnceOutsideMirror()
    {
        resetTables(100);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 100);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.src WHERE id <= 10").arg(m_schema)));
        RunReport report = f.run(QStringLiteral("s"));
        QCOMPARE(report.counts.removed, 10);
        QCOMPARE(report.counts.sent, 0); // upsert deletes nothing
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 100);
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("s")), 90);
        // The journal forgot them: the next run has nothing to report.
        RunReport again = f.run(QStringLiteral("s"));
        QCOMPARE(again.counts.removed, 0);
        QCOMPARE(again.counts.unchanged, 90);
        // A key that comes back is new again.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.src VALUES (3, 'back@example.com', 'Back', 3, timestamptz '2027-01-01+00')")
                .arg(m_schema)));
        RunReport back = f.run(QStringLiteral("s"));
        QCOMPARE(back.counts.added, 1);
        QCOMPARE(back.counts.sent, 1);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst WHERE name = 'Back'").arg(m_schema)), 1);
    }

    void insertSendsAgainWhatItCouldNotInsert()
    {
        resetTables(20);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.dst VALUES (5, 'taken@example.com', 'Taken', 1, NULL)").arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("i"), pgSync(m_schema, QStringLiteral("insert")));
        RunReport first = f.run(QStringLiteral("i"));
        QCOMPARE(first.counts.sent, 19);
        QCOMPARE(first.counts.failed, 1);
        // Still not in: tried again, every run, until it gets in.
        RunReport second = f.run(QStringLiteral("i"));
        QCOMPARE(second.counts.added, 1);
        QCOMPARE(second.counts.unchanged, 19);
        QCOMPARE(second.counts.failed, 1);
        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.dst WHERE id = 5").arg(m_schema)));
        RunReport third = f.run(QStringLiteral("i"));
        QCOMPARE(third.counts.sent, 1);
        QCOMPARE(dstMismatches(), 0);
        QCOMPARE(f.run(QStringLiteral("i")).counts.sent, 0);
    }

    void rejectsAreNeverSent()
    {
        resetTables(200);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.src VALUES (201, NULL, 'no email', 1, now()), (202, 'dup@x.io', 'a', 1, "
                           "now()), (202, 'dup2@x.io', 'b', 2, now()),"
                           " (203, 'far@x.io', 'score too high', 150, now()), (204, 'long@x.io', repeat('n', 41), 3, "
                           "now()), (NULL, 'nokey@x.io', 'n', 4, now())")
                .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("r"), pgSync(m_schema, QStringLiteral("upsert")));
        RunReport report = f.run(QStringLiteral("r"));
        QCOMPARE(report.counts.queried, 206);
        QCOMPARE(report.counts.sent, 200);
        QCOMPARE(report.counts.rejected, 6);
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(SyncRunner::exitCode(report), 3);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst WHERE id > 200").arg(m_schema)), 0);

        auto rejects = f.journal()->rejects(QStringLiteral("r"), report.runId);
        QVERIFY(rejects.ok());
        QStringList rules;
        for (const Reject& r : *rejects)
            rules << rejectRuleName(r.rule) + QLatin1Char(':') + r.key;
        rules.sort();
        QCOMPARE(rules,
            (QStringList{
                "duplicate_key:202", "duplicate_key:202", "max_length:204", "null_key:", "range:203", "required:201"}));
        for (const Reject& r : *rejects) {
            if (r.rule == RejectRule::Range) {
                QCOMPARE(r.field, QStringLiteral("score"));
                QCOMPARE(r.value, QStringLiteral("150"));
                QVERIFY(r.payload.contains("\"score\":150"));
            }
        }
        // Fixed at the source, the row goes on the next run.
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET score = 99 WHERE id = 203").arg(m_schema)));
        RunReport again = f.run(QStringLiteral("r"));
        QCOMPARE(again.counts.added, 1);
        QCOMPARE(again.counts.rejected, 5);
    }

    // A mapping that rejects most rows stops the run before anything is sent, with the
    // figures; under the limit, or forced, the rows that pass go.
    void aRejectGuardStopsABrokenMapping()
    {
        resetTables(200);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("rg"),
            pgSync(m_schema, QStringLiteral("upsert"), QJsonObject{{QStringLiteral("maxRejectPercent"), 5}}));
        // Half the scores out of the destination's 0..100: 100 of 200 rows rejected.
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET score = 500 WHERE id % 2 = 0").arg(m_schema)));
        RunReport stopped = f.run(QStringLiteral("rg"));
        QCOMPARE(stopped.status, RunReport::Status::Stopped);
        QVERIFY2(stopped.error.contains(QStringLiteral("stopped by guard maxRejectPercent: 100 of 200 rows read would "
                                                       "be rejected (50.0%, limit 5%), 100 would be sent")),
            qPrintable(stopped.error));
        QCOMPARE(stopped.counts.sent, 0);
        QCOMPARE(SyncRunner::exitCode(stopped), 2);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 0);

        RunReport forced = f.run(QStringLiteral("rg"), {false, false, true, {}, true});
        QCOMPARE(forced.status, RunReport::Status::Succeeded);
        QCOMPARE(forced.counts.sent, 100);
        QCOMPARE(forced.counts.rejected, 100);

        // Fixed but for 4 rows (2%): under the limit, the run goes.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET score = 50 WHERE score = 500 AND id > 8").arg(m_schema)));
        RunReport fixed = f.run(QStringLiteral("rg"));
        QCOMPARE(fixed.status, RunReport::Status::Succeeded);
        QCOMPARE(fixed.counts.rejected, 4);
        QCOMPARE(fixed.counts.sent, 96);
    }

    void guardsStopBeforeAnythingIsSent()
    {
        resetTables(1000);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("g"),
            pgSync(m_schema, QStringLiteral("mirror"),
                QJsonObject{{QStringLiteral("maxChangePercent"), 5}, {QStringLiteral("maxDeletePercent"), 2}}));
        QCOMPARE(
            f.run(QStringLiteral("g")).counts.sent, 1000); // no baseline yet: the breaker has nothing to compare with

        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET score = score + 1 WHERE id % 10 = 0 AND score < 100").arg(m_schema)));
        RunReport stopped = f.run(QStringLiteral("g"));
        QCOMPARE(stopped.status, RunReport::Status::Stopped);
        QVERIFY2(stopped.error.contains(QStringLiteral("maxChangePercent"))
                && stopped.error.contains(QStringLiteral("limit 5%")),
            qPrintable(stopped.error));
        QCOMPARE(stopped.counts.sent, 0);
        QCOMPARE(SyncRunner::exitCode(stopped), 2);
        QVERIFY(dstMismatches() > 0);

        RunReport forced = f.run(QStringLiteral("g"), {false, false, true, {}, true});
        QCOMPARE(forced.status, RunReport::Status::Succeeded);
        QVERIFY(forced.counts.sent > 50);
        QCOMPARE(dstMismatches(), 0);

        QVERIFY(TestSupport::execPostgres(QStringLiteral("DELETE FROM %1.src WHERE id <= 30").arg(m_schema)));
        RunReport deletes = f.run(QStringLiteral("g"));
        QCOMPARE(deletes.status, RunReport::Status::Stopped);
        QVERIFY(deletes.error.contains(QStringLiteral("maxDeletePercent")));

        f.writeSync(QStringLiteral("fresh"),
            pgSync(m_schema, QStringLiteral("upsert"),
                QJsonObject{{QStringLiteral("freshness"),
                    QJsonObject{{QStringLiteral("column"), QStringLiteral("updated_at")},
                        {QStringLiteral("maxAge"), QStringLiteral("24h")}}}}));
        RunReport stale = f.run(QStringLiteral("fresh"));
        QCOMPARE(stale.status, RunReport::Status::Stopped);
        QVERIFY2(stale.error.contains(QStringLiteral("guard freshness")), qPrintable(stale.error));
        QCOMPARE(stale.counts.sent, 0);

        // A column that holds no dates cannot say how fresh the data is: the sync is wrong.
        f.writeSync(QStringLiteral("fresh"),
            pgSync(m_schema, QStringLiteral("upsert"),
                QJsonObject{{QStringLiteral("freshness"),
                    QJsonObject{{QStringLiteral("column"), QStringLiteral("score")},
                        {QStringLiteral("maxAge"), QStringLiteral("24h")}}}}));
        RunReport wrong = f.run(QStringLiteral("fresh"));
        QCOMPARE(SyncRunner::exitCode(wrong), 2);
        QVERIFY2(
            wrong.error.contains(QStringLiteral("syncs/fresh.json: $.guards.freshness.column: \"score\" is integer")),
            qPrintable(wrong.error));
    }

    void dryRunAndInsertAndUpdateModes()
    {
        resetTables(100);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("d"), pgSync(m_schema, QStringLiteral("upsert")));
        RunReport dry = f.run(QStringLiteral("d"), {true, false, false, {}, true});
        QCOMPARE(dry.counts.added, 100);
        QCOMPARE(dry.counts.sent, 0);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 0);
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("d")), 0);

        // update: existing records only; the destination has none yet, so each one fails and stays pending.
        f.writeSync(QStringLiteral("u"), pgSync(m_schema, QStringLiteral("update")));
        RunReport update = f.run(QStringLiteral("u"));
        QCOMPARE(update.counts.failed, 100);
        QCOMPARE(update.status, RunReport::Status::Partial);
        auto failures = f.journal()->failures(QStringLiteral("u"), update.runId);
        QVERIFY(failures->first().message.contains(QStringLiteral("no record with id")));

        f.writeSync(QStringLiteral("i"), pgSync(m_schema, QStringLiteral("insert")));
        QCOMPARE(f.run(QStringLiteral("i")).counts.sent, 100);
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET name = 'changed' WHERE id = 1").arg(m_schema)));
        RunReport insertAgain = f.run(QStringLiteral("i"));
        QCOMPARE(insertAgain.counts.sent, 0); // insert sends new keys only

        RunReport updateNow = f.run(QStringLiteral("u"));
        QCOMPARE(updateNow.counts.failed, 0);
        QCOMPARE(updateNow.counts.sent, 100);
        QCOMPARE(dstMismatches(), 0);
    }

    void cancelLosesNothing()
    {
        const int rows = 25000; // more than a table destination's batch of 10,000
        resetTables(rows);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("c"), pgSync(m_schema, QStringLiteral("upsert")));
        std::atomic_bool cancel = false;
        CancelAfterFirstBatch observer(cancel);
        RunReport cancelled = f.run(QStringLiteral("c"), {}, &observer, &cancel);
        QCOMPARE(cancelled.status, RunReport::Status::Cancelled);
        QVERIFY(cancelled.counts.sent > 0 && cancelled.counts.sent < rows);
        const qint64 held = pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema));
        QCOMPARE(held, cancelled.counts.sent);
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("c")), cancelled.counts.sent);

        RunReport rest = f.run(QStringLiteral("c"));
        QCOMPARE(rest.counts.added, rows - cancelled.counts.sent);
        QCOMPARE(dstMismatches(), 0);

        // Cancelled with a full journal: the keys it did not get to read did not leave the query.
        QVERIFY(TestSupport::execPostgres(QStringLiteral("UPDATE %1.src SET name = name || '!'").arg(m_schema)));
        cancel = false;
        CancelAfterFirstBatch again(cancel);
        RunReport second = f.run(QStringLiteral("c"), {}, &again, &cancel);
        QCOMPARE(second.status, RunReport::Status::Cancelled);
        QCOMPARE(second.counts.removed, 0);
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("c")), rows);
    }

    void aDestinationErrorStopsTheRunAndLosesNothing()
    {
        // The writer works on a thread of its own: its error must stop the reading side, and
        // nothing it did not commit may be in the journal.
        resetTables(4000);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("CREATE FUNCTION %1.no_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                           "  RAISE EXCEPTION 'the destination is read-only today'; END $$;"
                           "CREATE CONSTRAINT TRIGGER no_commit AFTER INSERT ON %1.dst DEFERRABLE INITIALLY DEFERRED"
                           "  FOR EACH ROW EXECUTE FUNCTION %1.no_commit()")
                .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        RunReport failed = f.run(QStringLiteral("s"));
        QCOMPARE(failed.status, RunReport::Status::Failed);
        QVERIFY2(failed.error.contains(QStringLiteral("read-only today")), qPrintable(failed.error));
        QCOMPARE(failed.counts.sent, 0);
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("s")), 0);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 0);

        QVERIFY(TestSupport::execPostgres(QStringLiteral("DROP TRIGGER no_commit ON %1.dst").arg(m_schema)));
        RunReport retried = f.run(QStringLiteral("s"));
        QCOMPARE(retried.counts.sent, 4000);
        QCOMPARE(dstMismatches(), 0);
    }

    // A table destination's batch is written while the journal takes the batch before, and
    // committed only once the journal has that one: when the journal fails, the batch being
    // written is rolled back, so the destination is never more than one batch ahead.
    void aJournalFailureLeavesTheDestinationOneBatchAhead()
    {
        resetTables(35000); // batches of 10,000: three full, one of 5,000
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        {
            auto journal = f.journal(); // made with its tables, then refusing an 10,001st record
            QVERIFY(journal);
        }
        const QString journalPath = f.path(QStringLiteral(".ebb/journal.sqlite"));
        const auto execJournal = [&](const char* sql) {
            sqlite3* raw = nullptr;
            QCOMPARE(sqlite3_open(journalPath.toUtf8().constData(), &raw), SQLITE_OK);
            const int rc = sqlite3_exec(raw, sql, nullptr, nullptr, nullptr);
            QVERIFY2(rc == SQLITE_OK, sqlite3_errmsg(raw));
            sqlite3_close(raw);
        };
        for (const char* table : {"records", "record_changes"}) {
            const QByteArray trigger = QByteArray("CREATE TRIGGER full_") + table + " BEFORE INSERT ON " + table
                + " WHEN (SELECT count(*) FROM records) + (SELECT count(*) FROM record_changes) >= 10000"
                  " BEGIN SELECT RAISE(ABORT, 'the journal''s disk is full'); END";
            execJournal(trigger.constData());
        }
        RunReport failed = f.run(QStringLiteral("s"));
        QCOMPARE(failed.status, RunReport::Status::Failed);
        QVERIFY2(failed.error.contains(QStringLiteral("disk is full")), qPrintable(failed.error));
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("s")), 10000);
        // The second batch arrived and is not journaled; the third was rolled back.
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 20000);

        execJournal("DROP TRIGGER full_records; DROP TRIGGER full_record_changes");
        RunReport retried = f.run(QStringLiteral("s"));
        QCOMPARE(retried.status, RunReport::Status::Succeeded);
        QCOMPARE(retried.counts.sent, 25000); // what the journal lacked: the second batch again, and the rest
        QCOMPARE(*f.journal()->recordCount(QStringLiteral("s")), 35000);
        QCOMPARE(dstMismatches(), 0);
    }

    // A DEFERRABLE INITIALLY DEFERRED unique constraint (issue 10, item 5): the one record that
    // violates it fails alone, named by its key, as an immediate violation does; the rest of its
    // batch and the batches after it arrive, now and on every rerun.
    void deferredUniqueViolationFailsOnlyItsRecord()
    {
        resetTables(3000);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "ALTER TABLE %1.dst ADD CONSTRAINT dst_email_once UNIQUE (email) DEFERRABLE INITIALLY DEFERRED;"
            "INSERT INTO %1.dst VALUES (999999, 'user1500@example.com', 'Already here', 1, NULL)")
                                              .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        for (int attempt = 0; attempt < 2; ++attempt) {
            RunReport report = f.run(QStringLiteral("s"));
            QVERIFY2(report.status == RunReport::Status::Partial,
                qPrintable(RunReport::statusName(report.status) + report.error));
            QCOMPARE(report.counts.failed, 1);
            auto failures = f.journal()->failures(QStringLiteral("s"), report.runId);
            QVERIFY(failures.ok());
            QCOMPARE(failures->size(), 1);
            QCOMPARE(failures->first().key, QStringLiteral("1500"));
            QVERIFY2(failures->first().message.contains(QStringLiteral("dst_email_once")),
                qPrintable(failures->first().message));
        }
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)),
            3000); // 2,999 and the one that was there
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst WHERE id = 1500").arg(m_schema)), 0);
    }

    // A numeric(12,2) column: what the server would refuse ("numeric field overflow", which
    // used to fail its row at send time) is rejected before sending, and nothing else is.
    void numericOverflowIsPredicted()
    {
        const QStringList values{
            "9999999999.99", "12345678901.5", "-12345678901", "9999999999.995", "9999999999.994", "0.5"};
        QStringList rows;
        for (int i = 0; i < values.size(); ++i)
            rows << QStringLiteral("(%1, %2)").arg(i + 1).arg(values[i]);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP TABLE IF EXISTS %1.amounts_src, %1.amounts_dst;"
                           "CREATE TABLE %1.amounts_src (id integer PRIMARY KEY, amount numeric);"
                           "CREATE TABLE %1.amounts_dst (id integer PRIMARY KEY, amount numeric(12,2));"
                           "INSERT INTO %1.amounts_src VALUES %2;")
                .arg(m_schema, rows.join(QLatin1Char(',')))));
        Fixture f(m_schema);
        QJsonObject sync = pgSync(m_schema, QStringLiteral("upsert"));
        sync[QStringLiteral("source")] = QJsonObject{{QStringLiteral("connection"), QStringLiteral("pg")},
            {QStringLiteral("query"), QStringLiteral("SELECT id, amount FROM %1.amounts_src").arg(m_schema)},
            {QStringLiteral("primaryKey"), QStringLiteral("id")}};
        QJsonObject destination = sync.value(QStringLiteral("destination")).toObject();
        destination[QStringLiteral("object")] = m_schema + QStringLiteral(".amounts_dst");
        sync[QStringLiteral("destination")] = destination;
        sync[QStringLiteral("mappings")] = QJsonArray{QJsonObject{{QStringLiteral("source"), QStringLiteral("id")},
                                                          {QStringLiteral("target"), QStringLiteral("id")}},
            QJsonObject{{QStringLiteral("source"), QStringLiteral("amount")},
                {QStringLiteral("target"), QStringLiteral("amount")}}};
        f.writeSync(QStringLiteral("n"), sync);
        const RunReport report = f.run(QStringLiteral("n"));
        QCOMPARE(report.counts.failed, 0); // nothing the server refused reached it
        QSet<QString> rejected;
        const QList<Reject> rejects = f.journal()->rejects(QStringLiteral("n"), report.runId).value();
        for (const Reject& reject : rejects) {
            QCOMPARE(reject.rule, RejectRule::Precision);
            rejected.insert(reject.key);
        }
        // The server's own verdict on each value decides what had to be rejected.
        for (int i = 0; i < values.size(); ++i) {
            const bool fits = TestSupport::execPostgres(QStringLiteral("SELECT %1::numeric(12,2)").arg(values[i]));
            QVERIFY2(rejected.contains(QString::number(i + 1)) == !fits, qPrintable(values[i]));
        }
        QCOMPARE(rejected.size(), 3);
        QCOMPARE(report.counts.sent, 3);
    }

    void journalOfTextOrderedKeysCarriesOver()
    {
        // An older Ebb journaled integer keys as text in byte order. The first run that reads
        // them in numeric order encodes them anew: nothing looks added or removed, and a mirror
        // deletes nothing. Negative keys and a NULL key sort differently as numbers and as text.
        resetTables(300);
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "UPDATE %1.src SET id = id - 150; INSERT INTO %1.src (id, email) VALUES (NULL, 'nobody@x.io')")
                                              .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("k"), pgSync(m_schema, QStringLiteral("mirror")));
        RunReport first = f.run(QStringLiteral("k"));
        QCOMPARE(first.counts.sent, 300);
        QCOMPARE(first.counts.rejected, 1); // the NULL key
        {
            auto journal = Journal::open(f.path(QStringLiteral(".ebb/journal.sqlite")));
            QVERIFY(journal.ok());
            QVERIFY((*journal)->useKeyOrder(QStringLiteral("k"), KeyCodec::Order::Text).ok());
            auto records = (*journal)->records(QStringLiteral("k"));
            QCOMPARE((*records)->next()->key, QByteArray("-1")); // text order: "-1" < "-10" < …
        }
        RunReport again = f.run(QStringLiteral("k"));
        QVERIFY2(again.status != RunReport::Status::Failed, qPrintable(again.error));
        QCOMPARE(again.counts.unchanged, 300);
        QCOMPARE(again.counts.added, 0);
        QCOMPARE(again.counts.removed, 0);
        QCOMPARE(again.counts.sent, 0);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 300);
    }

    void aWarehouseErrorMidwayReportsWhatHappened()
    {
        resetTables(0);
        Fixture f(m_schema);
        const auto setRow = [&](const char* json) {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db->exec(QStringLiteral("UPDATE people SET j = '%1' WHERE id = 15000").arg(QLatin1String(json))).ok());
        };
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db->exec(
                      QStringLiteral(
                          "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, j TEXT);"
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                          " INSERT INTO people SELECT i, 'p' || i || '@x.io', '{\"a\": ' || (i % 100) || '}' FROM n;"))
                    .ok());
        }
        setRow("not json"); // SQLite fails on this row only when it reaches it
        const QByteArray mappings = R"([{"source": "id", "target": "id"}, {"source": "email", "target": "email"},
                                        {"source": "score", "target": "score"}])";
        f.writeSync(QStringLiteral("t"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT id, email, json_extract(j, '$.a') AS score FROM people", "primaryKey": "id"},
                "destination": {"connection": "pg", "object": ")"
                + m_schema.toUtf8() + R"(.dst", "matchField": "id"}, "mappings": )" + mappings + "}")
                .object());
        f.writeSync(QStringLiteral("f"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT id, email, json_extract(j, '$.a') AS score FROM people", "primaryKey": "id"},
                "destination": {"connection": "out"}, "mappings": )"
                + mappings + "}")
                .object());

        // Into a table, batch by batch: what it holds is what the report says was sent.
        RunReport table = f.run(QStringLiteral("t"));
        QCOMPARE(table.status, RunReport::Status::Failed);
        QVERIFY2(table.error.contains(QStringLiteral("malformed JSON")), qPrintable(table.error));
        QVERIFY2(table.counts.queried >= 10000 && table.counts.queried < 15000,
            qPrintable(QString::number(table.counts.queried)));
        QVERIFY(
            table.counts.added >= table.counts.queried - 1); // the last key read may still wait for its group to end
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), table.counts.sent);
        // Into a file, which is written only at the end: nothing was sent.
        RunReport file = f.run(QStringLiteral("f"));
        QCOMPARE(file.status, RunReport::Status::Failed);
        QVERIFY(file.counts.queried >= 10000);
        QCOMPARE(file.counts.sent, 0);
        QVERIFY(!QFile::exists(f.path(QStringLiteral("out/rows.jsonl"))));

        setRow("{\"a\": 0}");
        QCOMPARE(f.run(QStringLiteral("t")).counts.sent, 20000 - table.counts.sent);
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 20000);
        QCOMPARE(f.run(QStringLiteral("f")).counts.sent, 20000);
    }

    void duplicateKeysAcrossABatchBoundary()
    {
        // The engine reads 5,000 rows a batch: the two rows of key k05000 arrive in different batches.
        Fixture f(m_schema);
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db->exec(QStringLiteral("CREATE TABLE t (k TEXT, v INTEGER);"
                                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)"
                                        "  INSERT INTO t SELECT printf('k%05d', i), i FROM n;"
                                        "INSERT INTO t VALUES ('k05000', -1);"))
                    .ok());
        }
        f.writeSync(QStringLiteral("b"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT k, v FROM t", "primaryKey": "k"},
            "destination": {"connection": "out"}, "mappings": [{"source": "k", "target": "k"}, {"source": "v", "target": "v"}]})")
                .object());
        RunReport report = f.run(QStringLiteral("b"));
        QCOMPARE(report.counts.queried, 6001);
        QCOMPARE(report.counts.rejected, 2);
        QCOMPARE(report.counts.sent, 5999);
        auto rejects = f.journal()->rejects(QStringLiteral("b"), report.runId);
        QCOMPARE(rejects->size(), 2);
        for (const Reject& r : *rejects) {
            QCOMPARE(r.key, QStringLiteral("k05000"));
            QCOMPARE(r.rule, RejectRule::DuplicateKey);
        }
        QCOMPARE(
            QSet<QByteArray>({rejects->at(0).payload, rejects->at(1).payload}).size(), 2); // each row's own payload
        QCOMPARE(f.run(QStringLiteral("b")).counts.unchanged, 5999);
    }

    void oneRunPerSyncAtATime()
    {
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("s"), pgSync(m_schema, QStringLiteral("upsert")));
        QLockFile other(f.path(QStringLiteral(".ebb/locks/s.lock")));
        QDir().mkpath(f.path(QStringLiteral(".ebb/locks")));
        QVERIFY(other.tryLock(0));
        RunReport blocked = f.run(QStringLiteral("s"));
        QCOMPARE(blocked.status, RunReport::Status::Failed);
        QVERIFY2(blocked.error.contains(QStringLiteral("already running")), qPrintable(blocked.error));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
