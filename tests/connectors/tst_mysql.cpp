#include "connectors/warehouse/WarehouseFactory.h"
#include "models/mapping/Decimal.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QProcess>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;
using Ebb::TestSupport::execMysql;
using Ebb::TestSupport::pgScalar;
using Ebb::TestSupport::pgSync;
using Ebb::TestSupport::withSetting;

// MariaDB (the test script's own server) as a sync's source through Qt's QMYSQL: the same
// rows, types and runs as from PostgreSQL, long results read in pages, the server's errors
// word for word. Destination: a PostgreSQL table.
class TestMysql : public QObject
{
    Q_OBJECT

    const QString m_schema = QStringLiteral("mysql_test");

    std::unique_ptr<WarehouseConnector> warehouse()
    {
        return TestSupport::warehouseFor(TestSupport::mysqlConnectionJson(QStringLiteral("my")));
    }

    void resetTables(int rows)
    {
        QCOMPARE(execMysql({QStringLiteral("DROP TABLE IF EXISTS src"),
                     QStringLiteral("CREATE TABLE src (id BIGINT, email VARCHAR(100), name VARCHAR(40), score INT, "
                                    "updated_at DATETIME(3))"),
                     QStringLiteral("INSERT INTO src SELECT seq, CONCAT(' User', seq, '@Example.com '), "
                                    "CONCAT('Name ', seq), seq % 100, TIMESTAMP('2026-01-01') + INTERVAL seq MINUTE "
                                    "FROM seq_1_to_%1")
                         .arg(rows)}),
            QString());
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.dst (id bigint PRIMARY KEY, email text NOT NULL, name varchar(40), score int CHECK (score "
            "BETWEEN 0 AND 100), updated_at timestamptz)")
                                              .arg(m_schema)));
    }

    // The destination holds what the source does: the same keys, names and scores (a key the
    // source duplicates is rejected, so the destination keeps what it had: not compared).
    void checkSame(qint64 duplicated = -1)
    {
        const QString source = execMysql({QStringLiteral(
            "SELECT CONCAT(COUNT(*), ':', SUM(score), ':', MD5(GROUP_CONCAT(name ORDER BY id SEPARATOR ','))) FROM "
            "(SELECT id, MIN(name) AS name, MIN(score) AS score FROM src GROUP BY id HAVING COUNT(*) = 1) AS s")});
        const QString destination = TestSupport::postgresText(
            QStringLiteral("SELECT count(*) || ':' || sum(score) || ':' || md5(string_agg(name, ',' ORDER BY id)) FROM "
                           "%1.dst WHERE id <> %2")
                .arg(m_schema)
                .arg(duplicated));
        QCOMPARE(QStringLiteral("=") + destination, source);
    }

    QJsonObject sync(const QString& mode)
    {
        QJsonObject s = withSetting(
            pgSync(m_schema, mode), QStringLiteral("source"), QStringLiteral("connection"), QStringLiteral("my"));
        return withSetting(s, QStringLiteral("source"), QStringLiteral("query"),
            QStringLiteral("SELECT id, email, name, score, updated_at FROM src"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!TestSupport::hasMysql() || !TestSupport::hasPostgres())
            QSKIP("no test MariaDB or PostgreSQL (scripts/setup.sh test starts both)");
    }

    void testSaysWhatItReached()
    {
        auto my = warehouse();
        QVERIFY(my);
        auto version = my->test();
        QVERIFY2(version && version->startsWith(QStringLiteral("MariaDB 10.")),
            qPrintable(version ? *version : version.error().toString()));
        resetTables(1);
        Fixture f(m_schema);
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()}), 0);
        QProcess cli;
        cli.start(QStringLiteral(EBB_CLI_PATH),
            {QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("my"), QStringLiteral("-w"),
                f.path()});
        QVERIFY(cli.waitForFinished(30000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
        QVERIFY2(cli.exitCode() == 0 && out.contains(QStringLiteral("MariaDB")), qPrintable(out));
    }

    void typesAndExactValues()
    {
        QCOMPARE(execMysql({QStringLiteral("DROP TABLE IF EXISTS t"),
                     QStringLiteral("CREATE TABLE t (id BIGINT, label VARCHAR(20) COLLATE utf8mb4_bin, amount "
                                    "DECIMAL(30,10), ratio DOUBLE, ok BOOLEAN, day DATE, at DATETIME(3), raw "
                                    "VARBINARY(8), doc JSON, big BIGINT UNSIGNED, span TIME)"),
                     QStringLiteral("INSERT INTO t VALUES (1, 'Zoë ✓', 12345678901234567890.1234567890, 0.1, TRUE,"
                                    " '2024-02-29', '2024-03-05 14:22:10.123', X'00ff10', '{\"a\": 1}',"
                                    " 18446744073709551615, '100:00:01'),"
                                    " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")}),
            QString());
        auto my = warehouse();
        const QString sql = QStringLiteral("SELECT * FROM t ORDER BY id");
        auto columns = my->describe(sql);
        QVERIFY2(columns, qPrintable(columns ? QString() : columns.error().toString()));
        QList<ValueType> types;
        for (const Column& c : *columns)
            types << c.type;
        QCOMPARE(types,
            (QList<ValueType>{ValueType::Integer, ValueType::Text, ValueType::Numeric, ValueType::Double,
                ValueType::Bool, ValueType::Date, ValueType::Timestamp, ValueType::Bytes, ValueType::Text,
                ValueType::Numeric, ValueType::Text}));
        auto rows = TestSupport::fetchAll(*my, sql, 1);
        QVERIFY2(rows, qPrintable(rows ? QString() : rows.error().toString()));
        QCOMPARE(rows->size(), 2);
        const QVariantList& r = rows->first();
        QCOMPARE(r[0].toLongLong(), 1);
        QCOMPARE(r[1].toString(), QStringLiteral("Zoë ✓"));
        QCOMPARE(r[2].value<Decimal>().text, QStringLiteral("12345678901234567890.1234567890"));
        QCOMPARE(r[3].toDouble(), 0.1);
        QCOMPARE(r[4].toBool(), true);
        QCOMPARE(r[5].toDate(), QDate(2024, 2, 29));
        QCOMPARE(r[6].toDateTime(), QDateTime(QDate(2024, 3, 5), QTime(14, 22, 10, 123), Qt::UTC));
        QCOMPARE(r[7].toByteArray(), QByteArray::fromHex("00ff10"));
        QCOMPARE(r[8].toString(), QStringLiteral("{\"a\": 1}"));
        QCOMPARE(r[9].value<Decimal>().text, QStringLiteral("18446744073709551615")); // past qint64, exact
        QCOMPARE(r[10].toString(), QStringLiteral("100:00:01"));
        for (int c = 1; c < 11; ++c)
            QVERIFY2(rows->last()[c].isNull(), qPrintable(QString::number(c)));
    }

    void serverErrorsAreVerbatim()
    {
        auto my = warehouse();
        auto columns = my->describe(QStringLiteral("SELECT nope FROM nowhere_at_all"));
        QVERIFY(!columns);
        QVERIFY2(columns.error().message.startsWith(QStringLiteral("connection \"my\": "))
                && columns.error().message.contains(QStringLiteral("nowhere_at_all' doesn't exist")),
            qPrintable(columns.error().message));
        // Reads only: the session refuses a write, in the server's words, named once.
        auto cursor = my->open(QStringLiteral("DELETE FROM t"));
        QVERIFY(!cursor);
        QVERIFY2(cursor.error().message.count(QStringLiteral("connection \"my\"")) == 1
                && cursor.error().message.contains(QStringLiteral("READ ONLY")),
            qPrintable(cursor.error().message));
    }

    // An incremental sync reads only the rows whose cursor moved; a text cursor holding a
    // backslash compares as its bytes (MySQL's strings take \ as an escape).
    void incrementalReads()
    {
        resetTables(2000);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("i"),
            withSetting(sync(QStringLiteral("upsert")), QStringLiteral("source"), QStringLiteral("cursor"),
                QStringLiteral("updated_at")));
        QCOMPARE(f.run(QStringLiteral("i")).counts.added, 2000);
        QCOMPARE(execMysql({QStringLiteral(
                     "UPDATE src SET name = CONCAT(name, '?'), updated_at = '2027-01-01 00:00:00' WHERE id <= 5")}),
            QString());
        RunReport second = f.run(QStringLiteral("i"));
        QVERIFY2(second.status == RunReport::Status::Succeeded, qPrintable(second.error));
        QVERIFY2(second.counts.queried < 50, qPrintable(second.counts.text()));
        QCOMPARE(second.counts.changed, 5);
        checkSame();

        QCOMPARE(execMysql({QStringLiteral("UPDATE src SET email = CONCAT('a\\\\', id, '@x.io') WHERE id <= 3")}),
            QString());
        f.writeSync(QStringLiteral("b"),
            withSetting(sync(QStringLiteral("upsert")), QStringLiteral("source"), QStringLiteral("cursor"),
                QStringLiteral("email")));
        RunReport text = f.run(QStringLiteral("b"));
        QVERIFY2(text.status == RunReport::Status::Succeeded, qPrintable(text.error));
        RunReport textAgain = f.run(QStringLiteral("b"));
        QVERIFY2(textAgain.status == RunReport::Status::Succeeded, qPrintable(textAgain.error));
        QVERIFY2(textAgain.counts.queried <= 2, qPrintable(textAgain.counts.text())); // from the newest email on
    }

    // Added, unchanged, changed, removed (mirror), a duplicated key: over more than one page
    // (pages of 1,000 rows here), with integer keys and with text keys.
    void runsLikeThePostgresConnector()
    {
        resetTables(3500);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("m"), sync(QStringLiteral("mirror")));
        RunReport first = f.run(QStringLiteral("m"));
        QVERIFY2(first.status == RunReport::Status::Succeeded, qPrintable(first.error));
        QCOMPARE(first.counts.queried, 3500);
        QCOMPARE(first.counts.added, 3500);
        checkSame();
        QCOMPARE(f.run(QStringLiteral("m")).counts.unchanged, 3500);

        QCOMPARE(execMysql({QStringLiteral("UPDATE src SET name = CONCAT(name, '!') WHERE id % 100 = 0"),
                     QStringLiteral("DELETE FROM src WHERE id > 3490"),
                     QStringLiteral("INSERT INTO src VALUES (5000, 'new@x.io', 'New', 7, NOW()), (999, 'dupe@x.io', "
                                    "'A', 1, NOW())")}),
            QString());
        RunReport second = f.run(QStringLiteral("m"));
        QVERIFY2(second.status == RunReport::Status::Succeeded, qPrintable(second.error));
        QCOMPARE(second.counts.changed, 34);
        QCOMPARE(second.counts.removed, 10);
        QCOMPARE(second.counts.added, 1);
        QCOMPARE(second.counts.rejected, 2); // both rows of key 999
        checkSame(999);

        // Text keys sort by their UTF-8 bytes on the server, as the journal does.
        QJsonObject byEmail = sync(QStringLiteral("upsert"));
        byEmail = withSetting(byEmail, QStringLiteral("source"), QStringLiteral("primaryKey"), QStringLiteral("email"));
        f.writeSync(QStringLiteral("e"), byEmail);
        QCOMPARE(execMysql({QStringLiteral("INSERT INTO src VALUES (7000, 'Émile@x.io', 'É', 3, NOW()), (7001, "
                                           "'zoë@x.io', 'Z', 4, NOW()), (7002, 'Zed@x.io', 'Z', 5, NOW())")}),
            QString());
        RunReport text = f.run(QStringLiteral("e"));
        QVERIFY2(text.status == RunReport::Status::Succeeded, qPrintable(text.error));
        RunReport again = f.run(QStringLiteral("e"));
        QVERIFY2(again.status == RunReport::Status::Succeeded, qPrintable(again.error));
        QVERIFY(again.counts.queried > 3000);
        QCOMPARE(again.counts.unchanged + again.counts.rejected, again.counts.queried);
        QCOMPARE(again.counts.sent, 0);
    }

    void aKeyOfAnotherTypeIsRefusedLoudly()
    {
        resetTables(10);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("t"),
            withSetting(sync(QStringLiteral("upsert")), QStringLiteral("source"), QStringLiteral("primaryKey"),
                QStringLiteral("updated_at")));
        RunReport run = f.run(QStringLiteral("t"));
        QCOMPARE(run.status, RunReport::Status::Failed);
        QVERIFY2(run.error.contains(QStringLiteral("a MySQL key is an integer or text column")), qPrintable(run.error));
    }
};

QTEST_GUILESS_MAIN(TestMysql)
#include "tst_mysql.moc"
