#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;

// Values that once arrived wrong (issue: a reliability audit), end to end through the engine:
// bytes stay bytes, NaN and ±Infinity are values of their own, a real is its shortest text,
// and a SQLite REAL in a numeric column keeps its digits.
class TestValues : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("values_%1").arg(QCoreApplication::applicationPid());

    static QByteArray jsonl(const Fixture& f)
    {
        QFile out(f.path(QStringLiteral("out/rows.jsonl")));
        return out.open(QIODevice::ReadOnly) ? out.readAll() : QByteArray();
    }

    static QJsonObject sync(const QByteArray& json) { return QJsonDocument::fromJson(json).object(); }

private Q_SLOTS:
    void initTestCase()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;").arg(m_schema)));
    }

    void cleanupTestCase()
    {
        if (TestSupport::hasPostgres())
            TestSupport::execPostgres(
                QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    // bytea keys \xff and \xfe are two keys (they collided as U+FFFD); values reach JSONL as
    // bytea text and a table as the same bytes; a one-byte change is a change.
    void bytesStayBytes()
    {
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("CREATE TABLE %1.blobs (k bytea PRIMARY KEY, v bytea);"
                           "INSERT INTO %1.blobs VALUES ('\\xff', '\\x00ff10'), ('\\xfe', '\\x0001');"
                           "CREATE TABLE %1.blobs_out (k bytea PRIMARY KEY, v bytea);")
                .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("file"),
            sync(QStringLiteral(
                R"({"source": {"connection": "pg", "query": "SELECT k, v FROM %1.blobs", "primaryKey": "k"},
            "destination": {"connection": "out"}, "mappings": [{"source": "k", "target": "k"}, {"source": "v", "target": "v"}]})")
                     .arg(m_schema)
                     .toUtf8()));
        RunReport report = f.run(QStringLiteral("file"));
        QCOMPARE(report.counts.rejected, 0);
        QCOMPARE(report.counts.sent, 2);
        const QByteArray lines = jsonl(f);
        QVERIFY2(lines.contains(R"({"k":"\\xfe","v":"\\x0001"})") && lines.contains(R"({"k":"\\xff","v":"\\x00ff10"})"),
            lines.constData());

        f.writeSync(QStringLiteral("table"),
            sync(QStringLiteral(
                R"({"source": {"connection": "pg", "query": "SELECT k, v FROM %1.blobs", "primaryKey": "k"},
            "destination": {"connection": "pg", "object": "%1.blobs_out", "matchField": "k"},
            "mappings": [{"source": "k", "target": "k"}, {"source": "v", "target": "v"}]})")
                     .arg(m_schema)
                     .toUtf8()));
        QCOMPARE(f.run(QStringLiteral("table")).counts.sent, 2);
        QCOMPARE(TestSupport::postgresText(
                     QStringLiteral("SELECT encode(v, 'hex') FROM %1.blobs_out WHERE k = '\\xff'").arg(m_schema)),
            QStringLiteral("00ff10"));

        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.blobs SET v = '\\x00fe10' WHERE k = '\\xff'").arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("file")).counts.changed, 1);
        QCOMPARE(f.run(QStringLiteral("table")).counts.changed, 1);
        QCOMPARE(TestSupport::postgresText(
                     QStringLiteral("SELECT encode(v, 'hex') FROM %1.blobs_out WHERE k = '\\xff'").arg(m_schema)),
            QStringLiteral("00fe10"));
    }

    // NaN, Infinity, -Infinity and NULL are four values: in JSON (strings for the first
    // three), in a float column, and to change detection.
    void nonFiniteFloatsAreValues()
    {
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "CREATE TABLE %1.floats (id int PRIMARY KEY, f float8, r real);"
            "INSERT INTO %1.floats VALUES (1, 'NaN', 0.1), (2, 'Infinity', 0.1), (3, '-Infinity', 0.1), (4, NULL, 0.1);"
            "CREATE TABLE %1.floats_out (id int PRIMARY KEY, f float8, r numeric);")
                                              .arg(m_schema)));
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("file"),
            sync(QStringLiteral(
                R"({"source": {"connection": "pg", "query": "SELECT id, f, r FROM %1.floats", "primaryKey": "id"},
            "destination": {"connection": "out"}, "mappings": [{"source": "id", "target": "id"}, {"source": "f", "target": "f"}, {"source": "r", "target": "r"}]})")
                     .arg(m_schema)
                     .toUtf8()));
        QCOMPARE(f.run(QStringLiteral("file")).counts.sent, 4);
        QCOMPARE(jsonl(f),
            QByteArray(R"({"id":1,"f":"NaN","r":0.1})"
                       "\n"
                       R"({"id":2,"f":"Infinity","r":0.1})"
                       "\n"
                       R"({"id":3,"f":"-Infinity","r":0.1})"
                       "\n"
                       R"({"id":4,"f":null,"r":0.1})"
                       "\n"));
        f.writeSync(QStringLiteral("table"),
            sync(QStringLiteral(
                R"({"source": {"connection": "pg", "query": "SELECT id, f, r FROM %1.floats", "primaryKey": "id"},
            "destination": {"connection": "pg", "object": "%1.floats_out", "matchField": "id"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "f", "target": "f"}, {"source": "r", "target": "r"}]})")
                     .arg(m_schema)
                     .toUtf8()));
        QCOMPARE(f.run(QStringLiteral("table")).counts.sent, 4);
        QCOMPARE(
            TestSupport::postgresText(QStringLiteral(
                "SELECT string_agg(coalesce(f::text, 'null') || '/' || r::text, ',' ORDER BY id) FROM %1.floats_out")
                                          .arg(m_schema)),
            QStringLiteral("NaN/0.1,Infinity/0.1,-Infinity/0.1,null/0.1"));
        // NaN → NULL and Infinity → NaN are changes (both hashed as null before).
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.floats SET f = NULL WHERE id = 1; UPDATE %1.floats SET f = 'NaN' WHERE id = 2")
                .arg(m_schema)));
        QCOMPARE(f.run(QStringLiteral("file")).counts.changed, 2);
    }

    // SQLite keeps 12345678901234567890 in a NUMERIC column as a REAL: it arrives as the
    // decimal digits of that double, not as SQLite's 15-digit "1.23456789012346e+19".
    void sqliteRealInANumericColumnKeepsItsDigits()
    {
        Fixture f(m_schema);
        {
            auto db
                = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(db->exec(QStringLiteral("CREATE TABLE big (id INTEGER PRIMARY KEY, amount NUMERIC);"
                                            "INSERT INTO big VALUES (1, 12345678901234567890), (2, 0.1), (3, 12.50)"))
                        .ok());
        }
        f.writeSync(QStringLiteral("n"),
            sync(R"({"source": {"connection": "lite", "query": "SELECT id, amount FROM big", "primaryKey": "id"},
            "destination": {"connection": "out"}, "mappings": [{"source": "id", "target": "id"}, {"source": "amount", "target": "amount", "transforms": ["number"]}]})"));
        QCOMPARE(f.run(QStringLiteral("n")).counts.sent, 3);
        QCOMPARE(jsonl(f),
            QByteArray(R"({"id":1,"amount":12345678901234567168})"
                       "\n"
                       R"({"id":2,"amount":0.1})"
                       "\n"
                       R"({"id":3,"amount":12.5})"
                       "\n"));
    }
};

QTEST_GUILESS_MAIN(TestValues)
#include "tst_values.moc"
