#include "app/engine/SyncRunner.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <sqlite3.h>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;

// The engine between SQLite files: a warehouse to a JSONL file, and a SQLite table
// destination that another program holds locked or that the sync names wrongly.
// (PostgreSQL to PostgreSQL: tst_engine.)
class TestSqliteEngine : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("sqliteengine_%1").arg(QCoreApplication::applicationPid());

private Q_SLOTS:
    void sqliteToJsonl()
    {
        Fixture f(m_schema);
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db->exec(QStringLiteral("CREATE TABLE people (id INTEGER, email TEXT, joined DATE, ltv DECIMAL(10,2));"
                                        "INSERT INTO people VALUES (1, 'a@x.io', '2024-01-02', 10.5), (2, 'b@x.io', "
                                        "'2024-02-03', 1234.56),"
                                        " (3, 'c@x.io', 'soon', 0), (10, 'j@x.io', '2024-03-04', NULL);"))
                    .ok());
        }
        f.writeSync(QStringLiteral("j"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT * FROM people", "primaryKey": "id"},
            "destination": {"connection": "out"}, "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"},
            {"source": "joined", "target": "joined", "transforms": ["date"]}, {"source": "ltv", "target": "ltv", "transforms": ["number"]}]})")
                .object());
        RunReport report = f.run(QStringLiteral("j"));
        QCOMPARE(report.counts.sent, 3);
        QCOMPARE(report.counts.rejected, 1);
        QFile out(f.path(QStringLiteral("out/rows.jsonl")));
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = out.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // three records and the final newline
        // Integer keys in numeric order (2 before 10); decimals exact; dates ISO.
        QCOMPARE(lines[0], QByteArray(R"({"id":1,"email":"a@x.io","joined":"2024-01-02","ltv":10.5})"));
        QCOMPARE(lines[1], QByteArray(R"({"id":2,"email":"b@x.io","joined":"2024-02-03","ltv":1234.56})"));
        QCOMPARE(lines[2], QByteArray(R"({"id":10,"email":"j@x.io","joined":"2024-03-04","ltv":null})"));
        QCOMPARE(f.run(QStringLiteral("j")).counts.sent, 0);
    }

    // A test row (the window's Send Test Row, `run --key`): only the chosen row goes, even
    // unchanged, and a mirror deletes nothing for the keys the run passed over.
    void aTestRowSendsOneRecordAndRemovesNothing()
    {
        Fixture f(m_schema);
        auto wh = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(wh->exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);"
                                        "INSERT INTO people VALUES (1, 'a@x.io'), (2, 'b@x.io'), (3, 'c@x.io')"))
                    .ok());
        auto dest = SqliteHandle::open(f.path(QStringLiteral("dest.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(dest->exec(QStringLiteral("CREATE TABLE copy (id INTEGER PRIMARY KEY, email TEXT)")).ok());
        TestSupport::writeFile(
            f.path(), QStringLiteral("connections/dest.json"), R"({"kind": "sqlite", "path": "dest.sqlite"})");
        f.writeSync(QStringLiteral("m"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT * FROM people", "primaryKey": "id"},
            "destination": {"connection": "dest", "object": "copy", "matchField": "id", "mode": "mirror"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}]})")
                .object());
        QCOMPARE(f.run(QStringLiteral("m")).counts.sent, 3);
        const auto count = [&dest](const char* sql) {
            sqlite3_stmt* raw = nullptr;
            sqlite3_prepare_v2(dest->get(), sql, -1, &raw, nullptr);
            const SqliteStatement stmt(raw);
            return sqlite3_step(raw) == SQLITE_ROW ? sqlite3_column_int64(raw, 0) : -1;
        };
        // Key 2 changes, key 3 leaves the query; the test row is key 1, unchanged.
        QVERIFY(wh->exec(QStringLiteral(
                             "UPDATE people SET email = 'b2@x.io' WHERE id = 2; DELETE FROM people WHERE id = 3"))
                    .ok());
        RunOptions testRow;
        testRow.onlyKey = QStringLiteral("1");
        const RunReport one = f.run(QStringLiteral("m"), testRow);
        QCOMPARE(one.status, RunReport::Status::Succeeded);
        QCOMPARE(one.counts.queried, 1);
        QCOMPARE(one.counts.sent, 1);
        QCOMPARE(one.counts.removed, 0);
        QCOMPARE(count("SELECT count(*) FROM copy"), 3); // key 3 is still there
        QCOMPARE(count("SELECT count(*) FROM copy WHERE email = 'b@x.io'"), 1); // key 2 not sent
        // The next whole run does the rest: key 2 changed, key 3 removed, key 1 unchanged.
        const RunReport rest = f.run(QStringLiteral("m"));
        QCOMPARE(rest.counts.changed, 1);
        QCOMPARE(rest.counts.removed, 1);
        QCOMPARE(rest.counts.unchanged, 1);
        QCOMPARE(count("SELECT count(*) FROM copy"), 2);
        // A key the query does not have sends nothing.
        testRow.onlyKey = QStringLiteral("99");
        const RunReport none = f.run(QStringLiteral("m"), testRow);
        QCOMPARE(none.counts.queried, 0);
        QCOMPARE(none.counts.sent, 0);
        QCOMPARE(count("SELECT count(*) FROM copy"), 2);
    }

    void aLockedDestinationSaysSo()
    {
        Fixture f(m_schema);
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO "
                                            "people VALUES (1, 'a@x.io')"))
                        .ok());
        }
        auto dest = SqliteHandle::open(f.path(QStringLiteral("dest.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(dest->exec(QStringLiteral("CREATE TABLE copy (id INTEGER PRIMARY KEY, email TEXT)")).ok());
        QFile connection(f.path(QStringLiteral("connections/dest.json")));
        QVERIFY(connection.open(QIODevice::WriteOnly));
        connection.write(R"({"kind": "sqlite", "path": "dest.sqlite"})");
        connection.close();
        f.writeSync(QStringLiteral("c"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT * FROM people", "primaryKey": "id"},
            "destination": {"connection": "dest", "object": "copy", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}]})")
                .object());

        QVERIFY(dest->exec(QStringLiteral("BEGIN EXCLUSIVE")).ok()); // another program writes
        RunReport locked = f.run(QStringLiteral("c"));
        QCOMPARE(locked.status, RunReport::Status::Failed);
        QVERIFY2(locked.error.startsWith(QStringLiteral("connection \"dest\": "))
                && locked.error.contains(QStringLiteral("database is locked")),
            qPrintable(locked.error));
        QCOMPARE(SyncRunner::exitCode(locked), 1); // the database's trouble, not the sync file's
        QVERIFY(dest->exec(QStringLiteral("COMMIT")).ok());
        QCOMPARE(f.run(QStringLiteral("c")).counts.sent, 1);

        // A sync setting only the destination can check still names the file and the place.
        const QJsonObject wrongMatch = QJsonDocument::fromJson(
            R"({"source": {"connection": "lite", "query": "SELECT * FROM people", "primaryKey": "id"},
            "destination": {"connection": "dest", "object": "copy", "matchField": "mail"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}]})")
                                           .object();
        f.writeSync(QStringLiteral("w"), wrongMatch);
        RunReport wrong = f.run(QStringLiteral("w"));
        QCOMPARE(SyncRunner::exitCode(wrong), 2);
        QVERIFY2(wrong.error.startsWith(
                     QStringLiteral("syncs/w.json: $.destination.matchField: table copy has no column \"mail\"")),
            qPrintable(wrong.error));

        // Records are found by the match field: it must be mapped, and a row without a value
        // for it is a reject (sent, it would add a record on every change).
        QVERIFY(dest->exec(QStringLiteral("CREATE TABLE tagged (ext TEXT UNIQUE, email TEXT)")).ok());
        f.writeSync(QStringLiteral("u"),
            QJsonDocument::fromJson(R"({"source": {"connection": "lite",
              "query": "SELECT id, email, CASE WHEN id = 2 THEN NULL ELSE 'x' || id END AS ext FROM people", "primaryKey": "id"},
            "destination": {"connection": "dest", "object": "tagged", "matchField": "ext"},
            "mappings": [{"source": "email", "target": "email"}]})")
                .object());
        RunReport unmapped = f.run(QStringLiteral("u"));
        QCOMPARE(SyncRunner::exitCode(unmapped), 2);
        QVERIFY2(unmapped.error.contains(QStringLiteral("$.destination.matchField: no mapping writes \"ext\"")),
            qPrintable(unmapped.error));
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral("INSERT INTO people VALUES (2, 'b@x.io'), (3, 'c@x.io')")).ok());
        }
        f.writeSync(QStringLiteral("u"),
            QJsonDocument::fromJson(R"({"source": {"connection": "lite",
              "query": "SELECT id, email, CASE WHEN id = 2 THEN NULL ELSE 'x' || id END AS ext FROM people", "primaryKey": "id"},
            "destination": {"connection": "dest", "object": "tagged", "matchField": "ext"},
            "mappings": [{"source": "email", "target": "email"}, {"source": "ext", "target": "ext"}]})")
                .object());
        for (int run = 0; run < 2; ++run) {
            RunReport mapped = f.run(QStringLiteral("u"));
            QCOMPARE(mapped.counts.rejected, 1);
            QCOMPARE(mapped.counts.sent, run == 0 ? 2 : 0);
            const auto rejects = f.journal()->rejects(QStringLiteral("u"), mapped.runId);
            QCOMPARE(rejects->first().rule, RejectRule::NullMatch);
            QCOMPARE(rejects->first().field, QStringLiteral("ext"));
        }
        sqlite3_stmt* raw = nullptr;
        sqlite3_prepare_v2(dest->get(), "SELECT count(*) FROM tagged", -1, &raw, nullptr);
        SqliteStatement count(raw);
        QCOMPARE(sqlite3_step(raw), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(raw, 0), 2);
    }

    // A table in the very file the query reads (the embedded warehouse's own tables): SQLite
    // lets no one commit while a reader holds the file, so the run reads to the end first
    // (the spool), then writes. Streaming, the first commit waited and failed "locked".
    void aTableInTheFileItReads()
    {
        Fixture f(m_schema);
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);"
                                        "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2500)"
                                        " INSERT INTO people SELECT n, 'p' || n || '@x.io' FROM g;"
                                        "CREATE TABLE copy (id INTEGER PRIMARY KEY, email TEXT)"))
                    .ok());
        f.writeSync(QStringLiteral("same"),
            QJsonDocument::fromJson(
                R"({"source": {"connection": "lite", "query": "SELECT * FROM people", "primaryKey": "id"},
            "destination": {"connection": "lite", "object": "copy", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"}]})")
                .object());
        const RunReport first = f.run(QStringLiteral("same"));
        QVERIFY2(first.status == RunReport::Status::Succeeded, qPrintable(first.error));
        QCOMPARE(first.counts.sent, 2500); // more than one batch
        QVERIFY(db->exec(QStringLiteral("UPDATE people SET email = upper(email) WHERE id % 10 = 0")).ok());
        QCOMPARE(f.run(QStringLiteral("same")).counts.sent, 250);
        sqlite3_stmt* raw = nullptr;
        sqlite3_prepare_v2(db->get(), "SELECT count(*) FROM people p JOIN copy c USING (id) WHERE p.email = c.email",
            -1, &raw, nullptr);
        SqliteStatement same(raw);
        QCOMPARE(sqlite3_step(raw), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(raw, 0), 2500);
    }

    // Settings a SQLite table can refuse only once it is described are refused before any row
    // is read (exit 2, the file and the place named), as PostgreSQL's are.
    void destinationSettingsRefusedBeforeReading_data()
    {
        QTest::addColumn<QByteArray>("table");
        QTest::addColumn<QByteArray>("destination");
        QTest::addColumn<QByteArray>("mappings");
        QTest::addColumn<QString>("expected");
        QTest::newRow("one column of a two-column primary key")
            << QByteArray("CREATE TABLE copy (id INTEGER, region TEXT, email TEXT, PRIMARY KEY (id, region))")
            << QByteArray(R"({"connection": "dest", "object": "copy", "matchField": "id"})")
            << QByteArray(R"([{"source": "id", "target": "id"}, {"source": "email", "target": "email"}])")
            << QStringLiteral("syncs/s.json: $.destination.matchField: table copy: column \"id\" is neither the "
                              "primary key nor UNIQUE");
        QTest::newRow("update with only the match field mapped")
            << QByteArray("CREATE TABLE copy (id INTEGER PRIMARY KEY, email TEXT)")
            << QByteArray(R"({"connection": "dest", "object": "copy", "matchField": "id", "mode": "update"})")
            << QByteArray(R"([{"source": "id", "target": "id"}])")
            << QStringLiteral(
                   "syncs/s.json: $.mappings: update mode writes the mapped fields other than the match field \"id\"");
    }

    void destinationSettingsRefusedBeforeReading()
    {
        QFETCH(QByteArray, table);
        QFETCH(QByteArray, destination);
        QFETCH(QByteArray, mappings);
        QFETCH(QString, expected);
        Fixture f(m_schema);
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO "
                                            "people VALUES (1, 'a@x.io')"))
                        .ok());
            auto dest = SqliteHandle::open(f.path(QStringLiteral("dest.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(dest->exec(QString::fromUtf8(table)).ok());
        }
        TestSupport::writeFile(
            f.path(), QStringLiteral("connections/dest.json"), R"({"kind": "sqlite", "path": "dest.sqlite"})");
        f.writeSync(QStringLiteral("s"),
            QJsonDocument::fromJson(R"({"source": {"connection": "lite", "query": "SELECT * FROM people",
            "primaryKey": "id"}, "destination": )"
                + destination + R"(, "mappings": )" + mappings + "}")
                .object());
        const RunReport report = f.run(QStringLiteral("s"));
        QCOMPARE(SyncRunner::exitCode(report), 2);
        QVERIFY2(report.error.startsWith(expected), qPrintable(report.error));
        QCOMPARE(report.counts.queried, 0);
        QCOMPARE(report.counts.sent, 0);
    }
};

QTEST_GUILESS_MAIN(TestSqliteEngine)
#include "tst_sqliteengine.moc"
