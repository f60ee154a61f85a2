#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/WarehouseFactory.h"
#include "models/mapping/Decimal.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;
using Ebb::TestSupport::pgScalar;
using Ebb::TestSupport::pgSync;
using Ebb::TestSupport::withSetting;

// An ODBC data source as a sync's source: the test PostgreSQL server through psqlODBC and
// Qt's QODBC, read as the native connector reads it — the same rows, the same types, the
// same runs — with the server's errors word for word.
class TestOdbc : public QObject
{
    Q_OBJECT

    const QString m_schema = QStringLiteral("odbc_test");

    std::unique_ptr<WarehouseConnector> warehouse()
    {
        return TestSupport::warehouseFor(TestSupport::odbcConnectionJson(QStringLiteral("odbc")));
    }

    void resetTables(int rows) { QVERIFY(TestSupport::resetSrcAndDst(m_schema, rows)); }

    qint64 dstMismatches() { return TestSupport::srcDstMismatches(m_schema); }

private Q_SLOTS:
    void initTestCase() { EBB_REQUIRE_POSTGRES(); }

    void testSaysWhatItReached()
    {
        auto odbc = warehouse();
        QVERIFY(odbc);
        auto version = odbc->test();
        QVERIFY2(version, qPrintable(version ? QString() : version.error().toString()));
        QVERIFY2(version->startsWith(QStringLiteral("PostgreSQL")) && version->contains(QStringLiteral("via ODBC")),
            qPrintable(*version));
        // ebb-cli says the same.
        Fixture f(m_schema);
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), f.path()}), 0);
        QProcess cli;
        cli.start(QStringLiteral(EBB_CLI_PATH),
            {QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("odbc"), QStringLiteral("-w"),
                f.path()});
        QVERIFY(cli.waitForFinished(30000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
        QVERIFY2(cli.exitCode() == 0 && out.contains(QStringLiteral("via ODBC")), qPrintable(out));
    }

    void typesAndExactValues()
    {
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.t (id bigint, label text, amount numeric(30,10), ratio double precision, ok boolean,"
            "  day date, at timestamptz, raw bytea);"
            "INSERT INTO %1.t VALUES (1, 'Zoë ✓', 12345678901234567890.1234567890, 0.1, true, '2024-02-29',"
            "  '2024-03-05 14:22:10.123+00', '\\x00ff10'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
                                              .arg(m_schema)));
        auto odbc = warehouse();
        const QString sql = QStringLiteral("SELECT * FROM %1.t ORDER BY id").arg(m_schema);
        auto columns = odbc->describe(sql);
        QVERIFY2(columns, qPrintable(columns ? QString() : columns.error().toString()));
        QList<ValueType> types;
        for (const Column& c : *columns)
            types << c.type;
        QCOMPARE(types,
            (QList<ValueType>{ValueType::Integer, ValueType::Text, ValueType::Numeric, ValueType::Double,
                ValueType::Bool, ValueType::Date, ValueType::Timestamp, ValueType::Bytes}));
        auto rows = TestSupport::fetchAll(*odbc, sql, 1);
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
        for (int c = 1; c < 8; ++c)
            QVERIFY2(rows->last()[c].isNull(), qPrintable(QString::number(c)));
    }

    void serverErrorsAreVerbatim()
    {
        auto odbc = warehouse();
        auto columns = odbc->describe(QStringLiteral("SELECT nope FROM nowhere_at_all"));
        QVERIFY(!columns);
        QVERIFY2(columns.error().message.startsWith(QStringLiteral("connection \"odbc\": "))
                && columns.error().message.count(QStringLiteral("connection \"odbc\"")) == 1
                && columns.error().message.contains(QStringLiteral("relation \"nowhere_at_all\" does not exist"))
                && !columns.error().message.contains(QStringLiteral("QODBC")),
            qPrintable(columns.error().message));
        // Reads only: a write is refused by the server.
        auto cursor = odbc->open(QStringLiteral("INSERT INTO %1.t (id) VALUES (3)").arg(m_schema));
        QVERIFY(!cursor);
        QVERIFY2(cursor.error().message.contains(QStringLiteral("read-only transaction")),
            qPrintable(cursor.error().message));
    }

    // The SQL editor's completion: the tables, from a connector that has done nothing yet
    // (the data source's dialect is learnt before the SQL is written).
    void tablesOfAFreshConnector()
    {
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1; CREATE TABLE %1.listed (id int)")
                .arg(m_schema)));
        auto tables = warehouse()->tables();
        QVERIFY2(tables, qPrintable(tables ? QString() : tables.error().toString()));
        QVERIFY2(tables->contains(m_schema + QStringLiteral(".listed")), qPrintable(tables->join(QLatin1Char(' '))));
    }

    // A wrong password is said without the password in it.
    void aRefusedLoginDoesNotEchoThePassword()
    {
        QJsonObject connection = TestSupport::odbcConnectionJson(QStringLiteral("odbc"));
        connection.insert(QStringLiteral("password"), QStringLiteral("env:EBB_TEST_WRONG_PASSWORD"));
        qputenv("EBB_TEST_WRONG_PASSWORD", "not-the-password-4711");
        auto odbc = TestSupport::warehouseFor(connection);
        QVERIFY(odbc);
        auto version = odbc->test();
        QVERIFY(!version);
        QVERIFY2(version.error().message.contains(QStringLiteral("password authentication failed")),
            qPrintable(version.error().message));
        QVERIFY(!version.error().toString().contains(QStringLiteral("not-the-password-4711")));
    }

    // The same end-to-end cases as the native connector: added, unchanged, changed, removed
    // (mirror), with integer keys and text keys, into a PostgreSQL table.
    void runsLikeTheNativeConnector()
    {
        resetTables(2500);
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("o"),
            withSetting(pgSync(m_schema, QStringLiteral("mirror")), QStringLiteral("source"),
                QStringLiteral("connection"), QStringLiteral("odbc")));
        RunReport first = f.run(QStringLiteral("o"));
        QVERIFY2(first.status == RunReport::Status::Succeeded, qPrintable(first.error));
        QCOMPARE(first.counts.added, 2500);
        QCOMPARE(first.counts.sent, 2500);
        QCOMPARE(dstMismatches(), 0);
        QCOMPARE(f.run(QStringLiteral("o")).counts.unchanged, 2500);

        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.src SET name = name || '!' WHERE id % 100 = 0;"
                           "DELETE FROM %1.src WHERE id > 2490;"
                           "INSERT INTO %1.src VALUES (5000, 'new@x.io', 'New', 7, now()), (5001, 'dupe@x.io', 'A', 1, "
                           "now()), (5001, 'dupe@x.io', 'B', 2, now())")
                .arg(m_schema)));
        RunReport second = f.run(QStringLiteral("o"));
        QVERIFY2(second.status == RunReport::Status::Succeeded, qPrintable(second.error));
        QCOMPARE(second.counts.changed, 24);
        QCOMPARE(second.counts.removed, 10);
        QCOMPARE(second.counts.added, 1);
        QCOMPARE(second.counts.rejected, 2); // both rows of the duplicated key
        QCOMPARE(pgScalar(QStringLiteral("SELECT count(*) FROM %1.dst").arg(m_schema)), 2491);

        // A text key sorts by its bytes on the server, as the journal does.
        QJsonObject byEmail = withSetting(pgSync(m_schema, QStringLiteral("upsert")), QStringLiteral("source"),
            QStringLiteral("connection"), QStringLiteral("odbc"));
        byEmail = withSetting(byEmail, QStringLiteral("source"), QStringLiteral("query"),
            QStringLiteral("SELECT id, email, name, score, updated_at FROM %1.src WHERE id <> 5001").arg(m_schema));
        byEmail = withSetting(byEmail, QStringLiteral("source"), QStringLiteral("primaryKey"), QStringLiteral("email"));
        f.writeSync(QStringLiteral("e"), byEmail);
        RunReport text = f.run(QStringLiteral("e"));
        QVERIFY2(text.status == RunReport::Status::Succeeded, qPrintable(text.error));
        QCOMPARE(f.run(QStringLiteral("e")).counts.unchanged, text.counts.queried);
    }

    // A timestamp key cannot be sorted as the journal needs through ODBC: said, not guessed.
    void aKeyOfAnotherTypeIsRefusedLoudly()
    {
        resetTables(10);
        Fixture f(m_schema);
        QJsonObject sync = withSetting(pgSync(m_schema, QStringLiteral("upsert")), QStringLiteral("source"),
            QStringLiteral("connection"), QStringLiteral("odbc"));
        f.writeSync(QStringLiteral("t"),
            withSetting(sync, QStringLiteral("source"), QStringLiteral("primaryKey"), QStringLiteral("updated_at")));
        RunReport run = f.run(QStringLiteral("t"));
        QCOMPARE(run.status, RunReport::Status::Failed);
        QVERIFY2(run.error.contains(QStringLiteral("through ODBC a key is an integer or text column")),
            qPrintable(run.error));
    }

    void aPasswordInTheFileIsRefused()
    {
        QTemporaryDir dir;
        TestSupport::writeFile(dir.path(), QStringLiteral("ebb.json"), R"({"version": 1, "name": "t"})");
        TestSupport::writeFile(dir.path(), QStringLiteral("connections/wh.json"),
            R"({"kind": "odbc", "connectionString": "DSN=wh;UID=ebb;PWD=hunter2"})");
        auto loaded = WorkspaceLoader::load(dir.path());
        const QString problems = loaded ? QString() : loaded.error().toString();
        QVERIFY2(
            problems.contains(QStringLiteral("$.connectionString")) && problems.contains(QStringLiteral("password")),
            qPrintable(problems));
        QVERIFY(!problems.contains(QStringLiteral("hunter2")));
    }
};

QTEST_GUILESS_MAIN(TestOdbc)
#include "tst_odbc.moc"
