#include "app/journal/Journal.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"

#include <QTemporaryDir>
#include <QTest>
#include <latch>
#include <sqlite3.h>
#include <thread>

using namespace Ebb;

class TestJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsComeBackInByteOrder()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        QVERIFY((*journal)->begin().ok());
        for (const char* key : {"b", "10", "2", "é", "a", "Z"})
            QVERIFY((*journal)->markSynced(QStringLiteral("s"), QByteArray(key), 7, QByteArray("{}"), 9).ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("other"), QByteArray("x"), 1, {}).ok());
        QVERIFY((*journal)->markFailed(QStringLiteral("s"), QByteArray("a"), QStringLiteral("boom")).ok());
        QVERIFY((*journal)
                    ->markFailed(
                        QStringLiteral("s"), QByteArray("Z"), QStringLiteral("timed out"), Journal::Failure::Pending)
                    .ok());
        QVERIFY((*journal)->commit().ok());

        auto records = (*journal)->records(QStringLiteral("s"));
        QVERIFY(records.ok());
        QList<QByteArray> keys;
        while (auto r = (*records)->next()) {
            keys << r->key;
            if (r->key == "a" || r->key == "Z") {
                QCOMPARE(r->status, r->key == "a" ? Journal::Status::Failed : Journal::Status::Pending);
                QCOMPARE(r->sourceHash, quint64(0)); // a failed or pending key is mapped again next run
                QCOMPARE(r->hash, quint64(7)); // what the destination last acknowledged
            } else {
                QCOMPARE(r->status, Journal::Status::Synced);
                QCOMPARE(r->sourceHash, quint64(9));
            }
        }
        // memcmp order, as PostgreSQL's "C" collation and the engine's merge expect.
        QCOMPARE(keys, (QList<QByteArray>{"10", "2", "Z", "a", "b", "é"}));
        QCOMPARE((*journal)->recordCount(QStringLiteral("s")).value(), 6);
        QCOMPARE((*journal)->lastPayload(QStringLiteral("s"), "b").value(), QByteArray("{}"));
        QVERIFY((*journal)->removeRecord(QStringLiteral("s"), "b").ok());
        QCOMPARE((*journal)->recordCount(QStringLiteral("s")).value(), 5);
    }

    void runsRejectsAndFailures()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        auto first = (*journal)->startRun(QStringLiteral("s"), {true, false, false, {}, true});
        auto second = (*journal)->startRun(QStringLiteral("s"), {});
        QVERIFY(first.ok() && second.ok());
        QVERIFY((*journal)
                    ->addReject(*first, QStringLiteral("s"),
                        {QStringLiteral("k1"), QStringLiteral("email"), RejectRule::Email, QStringLiteral("bad"),
                            QStringLiteral("x@"), "{}"})
                    .ok());
        QVERIFY((*journal)
                    ->addReject(*second, QStringLiteral("s"),
                        {QStringLiteral("k2"), {}, RejectRule::NullKey, QStringLiteral("null"), {}, {}})
                    .ok());
        QVERIFY(
            (*journal)->addFailure(*second, QStringLiteral("s"), "k3", QStringLiteral("timeout"), "{\"a\":1}").ok());
        RunReport report;
        report.runId = *second;
        report.sync = QStringLiteral("s");
        report.status = RunReport::Status::Partial;
        report.counts.queried = 10;
        report.counts.failed = 1;
        report.endedAt = QDateTime::currentDateTimeUtc();
        QVERIFY((*journal)->finishRun(report).ok());

        auto runs = (*journal)->runs(QStringLiteral("s"), 10);
        QCOMPARE(runs->size(), 2);
        QCOMPARE(runs->first().runId, *second); // newest first
        QCOMPARE(runs->first().status, RunReport::Status::Partial);
        QCOMPARE(runs->first().counts.queried, 10);
        QCOMPARE(runs->last().status, RunReport::Status::Running);
        QVERIFY(runs->last().options.dryRun);
        QCOMPARE(
            (*journal)->rejects(QStringLiteral("s"), 0)->first().key, QStringLiteral("k2")); // latest run by default
        QCOMPARE((*journal)->rejects(QStringLiteral("s"), *first)->first().rule, RejectRule::Email);
        QCOMPARE((*journal)->failures(QStringLiteral("s"), 0)->first().message, QStringLiteral("timeout"));
    }

    void migratesAnOlderJournal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        {
            // A version-1 journal as the first release wrote it.
            auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral(
                                 "CREATE TABLE records (sync TEXT NOT NULL, key BLOB NOT NULL, hash INTEGER NOT NULL, "
                                 "payload BLOB,"
                                 " status TEXT NOT NULL, last_error TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (sync, "
                                 "key)) WITHOUT ROWID;"
                                 "CREATE TABLE runs (id INTEGER PRIMARY KEY, sync TEXT NOT NULL, started_at TEXT NOT "
                                 "NULL, ended_at TEXT, status TEXT NOT NULL,"
                                 " dry_run INTEGER NOT NULL, full INTEGER NOT NULL, forced INTEGER NOT NULL, queried "
                                 "INTEGER NOT NULL DEFAULT 0,"
                                 " added INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0, removed "
                                 "INTEGER NOT NULL DEFAULT 0,"
                                 " unchanged INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, failed "
                                 "INTEGER NOT NULL DEFAULT 0,"
                                 " sent INTEGER NOT NULL DEFAULT 0, error TEXT);"
                                 "CREATE TABLE rejects (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE "
                                 "CASCADE, sync TEXT NOT NULL, key TEXT,"
                                 " field TEXT, rule TEXT NOT NULL, message TEXT NOT NULL, value TEXT, payload BLOB);"
                                 "CREATE TABLE failures (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE "
                                 "CASCADE, sync TEXT NOT NULL, key TEXT,"
                                 " message TEXT NOT NULL, payload BLOB);"
                                 "INSERT INTO records VALUES ('s', CAST('k' AS BLOB), 42, NULL, 'synced', NULL, "
                                 "'2026-01-01T00:00:00Z');"
                                 "INSERT INTO records VALUES ('s', CAST('m' AS BLOB), 0, NULL, 'failed', 'refused', "
                                 "'2026-01-01T00:00:01.250Z');"
                                 "INSERT INTO records VALUES ('t', CAST('k' AS BLOB), 7, '{}', 'pending', 'timed out', "
                                 "'2026-01-02T00:00:00Z');"
                                 "PRAGMA user_version = 1;"))
                        .ok());
        }
        auto journal = Journal::open(path);
        QVERIFY2(journal.ok(), qPrintable(journal ? QString() : journal.error().message));
        auto records = (*journal)->records(QStringLiteral("s"));
        auto record = (*records)->next();
        QVERIFY(record);
        QCOMPARE(record->key, QByteArray("k"));
        QCOMPARE(record->hash, quint64(42));
        QCOMPARE(record->status, Journal::Status::Synced);
        QCOMPARE(record->sourceHash, quint64(0)); // unknown: the row is mapped and compared by payload
        record = (*records)->next();
        QVERIFY(record);
        QCOMPARE(record->key, QByteArray("m"));
        QCOMPARE(record->status, Journal::Status::Failed);
        QVERIFY(!(*records)->next());
        const auto other = (*journal)->record(QStringLiteral("t"), "k").value();
        QVERIFY(other);
        QCOMPARE(other->status, Journal::Status::Pending);
        QCOMPARE((*journal)->lastPayload(QStringLiteral("t"), "k").value(), QByteArray("{}"));
        QCOMPARE((*journal)->recordCount(QStringLiteral("t")).value(), 1);

        // Version 4 keeps record times as milliseconds since the epoch.
        auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadOnly);
        QVERIFY(db.ok());
        sqlite3_stmt* raw = nullptr;
        QCOMPARE(sqlite3_prepare_v2(
                     db->get(), "SELECT updated_at FROM records WHERE key = CAST('m' AS BLOB)", -1, &raw, nullptr),
            SQLITE_OK);
        SqliteStatement times(raw);
        QCOMPARE(sqlite3_step(raw), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int64(raw, 0), Q_INT64_C(1767225601250));
    }

    void keysAreEncodedAnewWhenTheOrderChanges()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        // As an Ebb before integer order wrote them: integer keys as text, in byte order.
        QVERIFY((*journal)->begin().ok());
        for (const char* key : {"2", "10", "-3", "0123"})
            QVERIFY((*journal)->markSynced(QStringLiteral("s"), QByteArray(key), 5, {}, 6).ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("other"), QByteArray("10"), 1, {}).ok());
        QVERIFY((*journal)->markFailed(QStringLiteral("s"), QByteArray("2"), QStringLiteral("refused")).ok());
        QVERIFY((*journal)->commit().ok());

        QVERIFY((*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Integer).ok());
        const auto keysOf = [&](const QString& sync) {
            QStringList keys;
            auto records = (*journal)->records(sync);
            while (auto r = (*records)->next())
                keys << KeyCodec::text(r->key);
            return keys;
        };
        // Numbers in numeric order; "0123" is no integer's text, so it comes after them.
        QCOMPARE(keysOf(QStringLiteral("s")), (QStringList{"-3", "2", "10", "0123"}));
        const auto two
            = (*journal)->record(QStringLiteral("s"), *KeyCodec::encode(KeyCodec::Order::Integer, qint64(2))).value();
        QVERIFY(two);
        QCOMPARE(two->status, Journal::Status::Failed); // everything else about a record stays
        const auto ten
            = (*journal)->record(QStringLiteral("s"), *KeyCodec::encode(KeyCodec::Order::Integer, qint64(10))).value();
        QVERIFY(ten);
        QCOMPARE(ten->hash, quint64(5));
        QCOMPARE(ten->sourceHash, quint64(6));
        QCOMPARE(keysOf(QStringLiteral("other")), QStringList{"10"}); // other syncs keep theirs
        QVERIFY((*(*journal)->records(QStringLiteral("other")))->next()->key == "10");

        // A reader that must not write (a preview) gets another order's keys re-encoded as read.
        QVERIFY((*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Text).ok());
        {
            QStringList keys;
            auto records = (*journal)->records(QStringLiteral("s"), KeyCodec::Order::Integer);
            QVERIFY(records.ok());
            while (auto r = (*records)->next())
                keys << KeyCodec::text(r->key) + (r->key.startsWith(char(0xF8)) ? QStringLiteral("#") : QString());
            QCOMPARE(keys, (QStringList{"-3#", "2#", "10#", "0123"}));
            QCOMPARE((*journal)->storedKeyOrder(QStringLiteral("s")).value(),
                std::optional<KeyCodec::Order>(KeyCodec::Order::Text));
        }
        QVERIFY((*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Integer).ok());

        // Once in that order, asking again changes nothing; going back restores the text.
        QVERIFY((*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Integer).ok());
        QCOMPARE(keysOf(QStringLiteral("s")), (QStringList{"-3", "2", "10", "0123"}));
        QVERIFY((*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Text).ok());
        QCOMPARE(keysOf(QStringLiteral("s")), (QStringList{"-3", "0123", "10", "2"}));
        QVERIFY((*journal)->record(QStringLiteral("s"), "10").value());
    }

    void keysThatBecomeOneAreSentAgain()
    {
        // Only a journal already mixing orders can hold two keys that read as one; neither
        // state is trusted: the key is marked failed, so the next run sends it.
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("s"), "5", 7, {}, 8).ok());
        QVERIFY((*journal)
                    ->markSynced(QStringLiteral("s"), *KeyCodec::encode(KeyCodec::Order::Integer, qint64(5)), 7, {}, 8)
                    .ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("s"), "6", 7, {}, 8).ok());
        QVERIFY((*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Integer).ok());
        QCOMPARE((*journal)->recordCount(QStringLiteral("s")).value(), 2);
        const auto five
            = (*journal)->record(QStringLiteral("s"), *KeyCodec::encode(KeyCodec::Order::Integer, qint64(5))).value();
        QVERIFY(five);
        QCOMPARE(five->status, Journal::Status::Failed);
        QCOMPARE(five->hash, quint64(0));
        const auto six
            = (*journal)->record(QStringLiteral("s"), *KeyCodec::encode(KeyCodec::Order::Integer, qint64(6))).value();
        QVERIFY(six);
        QCOMPARE(six->status, Journal::Status::Synced);
    }

    void reencodingRefusesToRunInsideATransaction()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("s"), "1", 1, {}).ok());
        QVERIFY((*journal)->begin().ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("s"), "2", 1, {}).ok());
        QVERIFY(!(*journal)->useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Integer).ok());
        QVERIFY((*journal)->commit().ok()); // the caller's transaction was left alone
        QCOMPARE((*journal)->recordCount(QStringLiteral("s")).value(), 2);
    }

    void aSyncAddedInARolledBackTransactionIsAddedAgain()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        QVERIFY((*journal)->begin().ok());
        QVERIFY((*journal)->markSynced(QStringLiteral("new"), "1", 1, {}).ok());
        (*journal)->rollback();
        QVERIFY((*journal)->markSynced(QStringLiteral("new"), "2", 1, {}).ok());
        auto records = (*journal)->records(QStringLiteral("new"));
        QVERIFY(records.ok());
        const auto first = (*records)->next();
        QVERIFY(first);
        QCOMPARE(first->key, QByteArray("2"));
        QVERIFY(!(*records)->next());
    }

    void recordsWrittenAsideAreSeenAndFolded()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        Journal& j = **journal;
        const QString s = QStringLiteral("s");
        QVERIFY(j.begin().ok());
        QVERIFY(j.markSynced(s, "a", 1, "{\"v\":1}", 11).ok());
        QVERIFY(j.markSynced(s, "b", 2, "{\"v\":1}", 12).ok());
        QVERIFY(j.markSynced(s, "c", 3, "{\"v\":1}", 13).ok());
        QVERIFY(j.markSynced(QStringLiteral("other"), "b", 9, {}).ok());
        QVERIFY(j.commit().ok());

        // A small run: a change, a new key, a refusal and a removal, all aside.
        j.setWritesAside(true);
        QVERIFY(j.begin().ok());
        QVERIFY(j.markSynced(s, "b", 20, "{\"v\":2}", 22).ok());
        QVERIFY(j.markSynced(s, "bb", 5, {}, 15).ok()); // a new key between two in place
        QVERIFY(j.markSynced(s, "d", 4, {}, 14).ok());
        QVERIFY(j.markFailed(s, "c", QStringLiteral("refused")).ok());
        QVERIFY(j.removeRecord(s, "a").ok());
        QVERIFY(j.commit().ok());
        // A later small run: the key refused now was acknowledged aside before.
        QVERIFY(j.markFailed(s, "bb", QStringLiteral("timed out"), Journal::Failure::Pending).ok());
        QVERIFY(j.removeRecord(s, "zz").ok()); // a key journaled nowhere
        j.setWritesAside(false);
        QCOMPARE(j.changesAside(s).value(), 6);

        const auto check = [&] {
            QVERIFY(!j.record(s, "a").value()); // removed
            const auto b = j.record(s, "b").value();
            QVERIFY(b && b->hash == 20 && b->sourceHash == 22 && b->status == Journal::Status::Synced);
            QCOMPARE(j.lastPayload(s, "b").value(), QByteArray("{\"v\":2}"));
            const auto bb = j.record(s, "bb").value();
            QVERIFY(bb && bb->status == Journal::Status::Pending);
            QCOMPARE(bb->hash, quint64(5)); // acknowledged aside, kept aside
            const auto c = j.record(s, "c").value();
            QVERIFY(c && c->status == Journal::Status::Failed);
            QCOMPARE(c->hash, quint64(3)); // what the destination last acknowledged
            QCOMPARE(j.lastPayload(s, "c").value(), QByteArray("{\"v\":1}"));
            QCOMPARE(j.recordCount(s).value(), 4);
            QStringList seen;
            auto records = j.records(s);
            QVERIFY(records.ok());
            while (auto r = (*records)->next())
                seen << QString::fromUtf8(r->key) + QString::number(r->hash);
            QCOMPARE(seen, (QStringList{"b20", "bb5", "c3", "d4"}));
            int reencoded = 0; // a preview reading them in the other key order
            auto inOtherOrder = j.records(s, KeyCodec::Order::Integer);
            QVERIFY(inOtherOrder.ok());
            while ((*inOtherOrder)->next())
                ++reencoded;
            QCOMPARE(reencoded, 4);
            QCOMPARE(j.record(QStringLiteral("other"), "b").value()->hash, quint64(9));
        };
        check();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(j.fold(s).ok());
        QCOMPARE(j.changesAside(s).value(), 0);
        check();
        if (QTest::currentTestFailed())
            return;

        // Folding waits until there are foldThreshold changes aside.
        j.setWritesAside(true);
        QVERIFY(j.begin().ok());
        for (qint64 i = 0; i < Journal::foldThreshold - 1; ++i)
            QVERIFY(j.markSynced(s, "k" + QByteArray::number(i), 1, {}).ok());
        QVERIFY(j.commit().ok());
        QCOMPARE(j.foldIfMany(s).value(), false);
        QVERIFY(j.markSynced(s, "b", 22, {}).ok());
        j.setWritesAside(false);
        QCOMPARE(j.foldIfMany(s).value(), true);
        QCOMPARE(j.changesAside(s).value(), 0);
        QCOMPARE(j.record(s, "b").value()->hash, quint64(22));
        QCOMPARE(j.recordCount(s).value(), 4 + Journal::foldThreshold - 1);
    }

    void reencodingFoldsTheRecordsAsideFirst()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        Journal& j = **journal;
        QVERIFY(j.markSynced(QStringLiteral("s"), "10", 1, {}).ok());
        j.setWritesAside(true);
        QVERIFY(j.markSynced(QStringLiteral("s"), "10", 2, {}).ok());
        QVERIFY(j.markSynced(QStringLiteral("s"), "9", 3, {}).ok());
        j.setWritesAside(false);
        QVERIFY(j.useKeyOrder(QStringLiteral("s"), KeyCodec::Order::Integer).ok());
        QCOMPARE(j.changesAside(QStringLiteral("s")).value(), 0);
        QStringList seen;
        auto records = j.records(QStringLiteral("s"));
        while (auto r = (*records)->next())
            seen << KeyCodec::text(r->key) + QLatin1Char('=') + QString::number(r->hash);
        QCOMPARE(seen, (QStringList{"9=3", "10=2"}));
    }

    void unknownSyncHasNoRecords()
    {
        QTemporaryDir dir;
        auto journal = Journal::open(dir.filePath(QStringLiteral("j.sqlite")));
        QVERIFY(journal.ok());
        QCOMPARE((*journal)->recordCount(QStringLiteral("nobody")).value(), 0);
        QVERIFY(!(*journal)->record(QStringLiteral("nobody"), "k").value());
        QVERIFY((*journal)->removeRecord(QStringLiteral("nobody"), "k").ok());
        QVERIFY(!(*(*journal)->records(QStringLiteral("nobody")))->next());
        // Known once written, without a transaction too.
        QVERIFY((*journal)->markSynced(QStringLiteral("nobody"), "k", 1, {}).ok());
        QCOMPARE((*journal)->recordCount(QStringLiteral("nobody")).value(), 1);
    }

    void refusesANewerJournal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        {
            auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral("PRAGMA user_version = 99")).ok());
        }
        auto journal = Journal::open(path);
        QVERIFY(!journal.ok());
        QVERIFY(journal.error().message.contains(QStringLiteral("newer than this Ebb understands")));
    }

    // Two first runs at once in a new workspace both open a journal with no tables yet: the
    // second must find the first's migration done, not run it again ("table records already exists").
    void twoFirstOpensAtOnceBothSucceed()
    {
        QTemporaryDir dir;
        for (int attempt = 0; attempt < 40; ++attempt) {
            const QString path = dir.filePath(QStringLiteral("j%1.sqlite").arg(attempt));
            std::latch start(2);
            QString errors[2];
            const auto open = [&](int i) {
                start.arrive_and_wait();
                auto journal = Journal::open(path);
                if (!journal)
                    errors[i] = journal.error().message;
            };
            std::thread first(open, 0);
            std::thread second(open, 1);
            first.join();
            second.join();
            QVERIFY2(errors[0].isEmpty() && errors[1].isEmpty(), qPrintable(errors[0] + errors[1]));
        }
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
