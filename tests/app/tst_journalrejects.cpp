#include "app/journal/Journal.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Ebb;
using TestSupport::sqliteScalar;

namespace {

// What the validator writes: a message that quotes the value it refuses.
Reject typeReject(const QString& key, const QString& value)
{
    return Reject{key, QStringLiteral("score"), RejectRule::Type, QStringLiteral("\"%1\" is not a number").arg(value),
        value, "{}"};
}

} // namespace

// How rejects are kept in the journal: each value once (a long value quoted in its message
// used to be stored twice), and in a file that gives pages back (auto_vacuum=INCREMENTAL).
class TestJournalRejects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesAQuotedValueOnce_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("long") << QString(2000, QLatin1Char('y'));
        QTest::newRow("non_ascii") << QStringLiteral("donn\u00e9es \u2603 ") + QString(500, QChar(0x00e9));
        QTest::newRow("appears_twice") << QStringLiteral(
            "is"); // the first occurrence is cut, the message reads the same
        QTest::newRow("quotes") << QStringLiteral("say \"hi\" \"") + QString(300, QLatin1Char('"'));
    }
    void storesAQuotedValueOnce()
    {
        QFETCH(QString, value);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        {
            auto journal = Journal::open(path);
            QVERIFY(journal.ok());
            const auto run = (*journal)->startRun(QStringLiteral("s"), {});
            QVERIFY((*journal)->addReject(*run, QStringLiteral("s"), typeReject(QStringLiteral("k1"), value)).ok());
            // A message without its value, and a value the message does not quote, stay as they are.
            QVERIFY((*journal)
                        ->addReject(*run, QStringLiteral("s"),
                            {QStringLiteral("k2"), {}, RejectRule::NullKey, QStringLiteral("the primary key is NULL"),
                                {}, {}})
                        .ok());
            QVERIFY((*journal)
                        ->addReject(*run, QStringLiteral("s"),
                            {QStringLiteral("k3"), QStringLiteral("a"), RejectRule::Transform, QStringLiteral("no"),
                                QStringLiteral("elsewhere"), {}})
                        .ok());
            const QList<Reject> rejects = (*journal)->rejects(QStringLiteral("s"), *run).value();
            QCOMPARE(rejects.size(), 3);
            QCOMPARE(rejects[0].message, typeReject(QStringLiteral("k1"), value).message);
            QCOMPARE(rejects[0].value, value);
            QCOMPARE(rejects[0].payload, QByteArray("{}"));
            QCOMPARE(rejects[1].message, QStringLiteral("the primary key is NULL"));
            QCOMPARE(rejects[2].message, QStringLiteral("no"));
            QCOMPARE(rejects[2].value, QStringLiteral("elsewhere"));
        }
        const qint64 valueBytes = value.toUtf8().size();
        // In the run's own file, not the journal.
        QCOMPARE(sqliteScalar(path, "SELECT count(*) FROM rejects"), 0);
        const QString problems = dir.filePath(QStringLiteral("problems/run-1.sqlite"));
        const qint64 stored
            = sqliteScalar(problems, "SELECT length(CAST(message AS BLOB)) FROM rejects WHERE key = 'k1'");
        QVERIFY2(stored == QByteArray("\"\" is not a number").size(),
            qPrintable(QStringLiteral("the message keeps %1 bytes of a %2-byte value").arg(stored).arg(valueBytes)));
    }

    // Every rule comes back as it was stored; a name this Ebb does not know (a later version's,
    // or a hand edit) is an error that names it, not a reject filed under another rule.
    void everyRuleKeepsItsName()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        auto journal = Journal::open(path);
        QVERIFY(journal.ok());
        const qint64 run = (*journal)->startRun(QStringLiteral("s"), {}).value();
        QList<RejectRule> stored;
        QStringList names;
        for (int i = 0; i <= int(RejectRule::Failed); ++i) {
            const auto rule = RejectRule(i);
            names << rejectRuleName(rule);
            QCOMPARE(rejectRuleFromName(names.last()), std::optional<RejectRule>(rule));
            if (rule == RejectRule::Failed)
                continue; // failures are kept apart, under their own table
            stored << rule;
            Reject reject = typeReject(QString::number(i), QStringLiteral("x"));
            reject.rule = rule;
            QVERIFY((*journal)->addReject(run, QStringLiteral("s"), reject).ok());
        }
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), names.size());
        QVERIFY(!names.contains(QString()));
        QVERIFY(!rejectRuleFromName(u"Type"));
        QList<RejectRule> read;
        const QList<Reject> rejects = (*journal)->rejects(QStringLiteral("s"), run).value();
        for (const Reject& r : rejects)
            read << r.rule;
        QCOMPARE(read, stored);

        const QString problems = dir.filePath(QStringLiteral("problems/run-%1.sqlite").arg(run));
        (*journal).reset(); // lets go of the run's file
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(problems.toUtf8().constData(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "UPDATE rejects SET rule = 'too_shiny' WHERE key = '3'", nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(raw);
        journal = Journal::open(path);
        QVERIFY(journal.ok());
        const auto again = (*journal)->rejects(QStringLiteral("s"), run);
        QVERIFY(!again.ok());
        QVERIFY2(again.error().message.contains(QStringLiteral("unknown rule \"too_shiny\"")),
            qPrintable(again.error().message));
    }

    // A batch the journal rolls back takes its rejects and failures with it; those recorded
    // before it stay, and a run's reasons are committed before the records that name them.
    void problemsFollowTheJournalsTransactions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        auto journal = Journal::open(path);
        QVERIFY(journal.ok());
        Journal& j = **journal;
        const qint64 run = j.startRun(QStringLiteral("s"), {}).value();
        QVERIFY(j.addReject(run, QStringLiteral("s"), typeReject(QStringLiteral("before"), QStringLiteral("x"))).ok());
        QVERIFY(j.begin().ok());
        QVERIFY(j.addReject(run, QStringLiteral("s"), typeReject(QStringLiteral("inside"), QStringLiteral("y"))).ok());
        QVERIFY(j.addFailure(run, QStringLiteral("s"), "k", QStringLiteral("refused"), "{}").ok());
        j.rollback();
        QVERIFY(j.begin().ok());
        QVERIFY(j.addFailure(run, QStringLiteral("s"), "k2", QStringLiteral("refused"), "{}").ok());
        QVERIFY(j.commit().ok());
        const QString problems = dir.filePath(QStringLiteral("problems/run-%1.sqlite").arg(run));
        // Committed: another connection sees it while the run goes on.
        QCOMPARE(sqliteScalar(problems, "SELECT count(*) FROM failures"), 1);
        QCOMPARE(sqliteScalar(problems, "SELECT count(*) FROM rejects WHERE key = 'before'"), 1);
        QCOMPARE(sqliteScalar(problems, "SELECT count(*) FROM rejects WHERE key = 'inside'"), 0);
        QVERIFY(j.addReject(run, QStringLiteral("s"), typeReject(QStringLiteral("last"), QStringLiteral("z"))).ok());
        RunReport report;
        report.runId = run;
        report.endedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(j.finishRun(report).ok());
        QCOMPARE(j.rejects(QStringLiteral("s"), run)->size(), 2);
        QCOMPARE(j.failures(QStringLiteral("s"), 0)->size(), 1); // 0: the sync's latest run
        QCOMPARE(j.rejects(QStringLiteral("other"), run)->size(), 0); // a run of another sync
    }

    void migratesRejectsOfAnOlderJournal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        const QString value = QStringLiteral("caf\u00e9 ") + QString(1000, QLatin1Char('z'));
        {
            // A version-5 journal (as Ebb wrote it until rejects stored their value once),
            // built from the version-1 tables and the later migrations' effect on rejects.
            auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral(
                                 "CREATE TABLE records (sync INTEGER NOT NULL, key BLOB NOT NULL, hash INTEGER NOT "
                                 "NULL, source_hash INTEGER NOT NULL,"
                                 " status INTEGER NOT NULL, updated_at INTEGER NOT NULL, payload BLOB, last_error "
                                 "TEXT, PRIMARY KEY (sync, key)) WITHOUT ROWID;"
                                 "CREATE TABLE syncs (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, key_order "
                                 "TEXT NOT NULL DEFAULT 'text');"
                                 "CREATE TABLE record_changes (sync INTEGER NOT NULL, key BLOB NOT NULL, hash INTEGER "
                                 "NOT NULL, source_hash INTEGER NOT NULL,"
                                 " status INTEGER NOT NULL, updated_at INTEGER NOT NULL, payload BLOB, last_error "
                                 "TEXT, removed INTEGER NOT NULL,"
                                 " PRIMARY KEY (sync, key)) WITHOUT ROWID;"
                                 "CREATE TABLE cursors (sync TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value TEXT "
                                 "NOT NULL, updated_at TEXT NOT NULL);"
                                 "CREATE TABLE runs (id INTEGER PRIMARY KEY, sync TEXT NOT NULL, started_at TEXT NOT "
                                 "NULL, ended_at TEXT, status TEXT NOT NULL,"
                                 " dry_run INTEGER NOT NULL, full INTEGER NOT NULL, forced INTEGER NOT NULL, queried "
                                 "INTEGER NOT NULL DEFAULT 0,"
                                 " added INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0, removed "
                                 "INTEGER NOT NULL DEFAULT 0,"
                                 " unchanged INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, failed "
                                 "INTEGER NOT NULL DEFAULT 0,"
                                 " sent INTEGER NOT NULL DEFAULT 0, error TEXT);"
                                 "CREATE INDEX runs_sync ON runs (sync, id);"
                                 "CREATE TABLE rejects (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE "
                                 "CASCADE, sync TEXT NOT NULL, key TEXT,"
                                 " field TEXT, rule TEXT NOT NULL, message TEXT NOT NULL, value TEXT, payload BLOB);"
                                 "CREATE INDEX rejects_run ON rejects (run_id);"
                                 "CREATE TABLE failures (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE "
                                 "CASCADE, sync TEXT NOT NULL, key TEXT,"
                                 " message TEXT NOT NULL, payload BLOB);"
                                 "INSERT INTO runs (id, sync, started_at, status, dry_run, full, forced, rejected) "
                                 "VALUES (1, 's', '2026-01-01T00:00:00Z', 'partial', 0, 0, 0, 3);"
                                 "INSERT INTO rejects VALUES (1, 's', 'k1', 'name', 'max_length', '\"' || ?1 || '\" is "
                                 "longer than 10', ?1, '{}');"
                                 "INSERT INTO rejects VALUES (1, 's', 'k2', '', 'null_key', 'the primary key is NULL', "
                                 "'', NULL);"
                                 "INSERT INTO rejects VALUES (1, 's', 'k3', 'n', 'transform', 'number: not one', "
                                 "'elsewhere', NULL);"
                                 "PRAGMA user_version = 5;")
                                 .replace(QStringLiteral("?1"), QLatin1Char('\'') + value + QLatin1Char('\'')))
                        .ok());
        }
        QCOMPARE(sqliteScalar(path, "PRAGMA auto_vacuum"), 0); // as journals were created
        {
            auto journal = Journal::open(path);
            QVERIFY2(journal.ok(), qPrintable(journal ? QString() : journal.error().message));
            const QList<Reject> rejects = (*journal)->rejects(QStringLiteral("s"), 1).value();
            QCOMPARE(rejects.size(), 3);
            QCOMPARE(rejects[0].message, QStringLiteral("\"%1\" is longer than 10").arg(value));
            QCOMPARE(rejects[0].value, value);
            QCOMPARE(rejects[1].message, QStringLiteral("the primary key is NULL"));
            QCOMPARE(rejects[2].message, QStringLiteral("number: not one"));
            QCOMPARE(rejects[2].value, QStringLiteral("elsewhere"));
            QCOMPARE((*journal)->runs(QStringLiteral("s"), 10)->size(), 1);
        }
        QCOMPARE(sqliteScalar(path, "SELECT length(CAST(message AS BLOB)) FROM rejects WHERE key = 'k1'"),
            qint64(QByteArray("\"\" is longer than 10").size()));
        // Converted once, so pruning can give pages back from now on.
        QCOMPARE(sqliteScalar(path, "PRAGMA auto_vacuum"), 2);
    }

    void aNewJournalGivesPagesBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("j.sqlite"));
        QVERIFY(Journal::open(path).ok());
        QCOMPARE(sqliteScalar(path, "PRAGMA auto_vacuum"), 2); // INCREMENTAL
        QCOMPARE(sqliteScalar(path, "PRAGMA page_size"), 16384);
    }
};

QTEST_GUILESS_MAIN(TestJournalRejects)
#include "tst_journalrejects.moc"
