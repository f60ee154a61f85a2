#include "connectors/warehouse/postgres/PostgresWarehouse.h"
#include "models/mapping/MicroTime.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <libpq-fe.h>
#include <limits>
#include <optional>

using Ebb::Column;
using Ebb::PostgresWarehouse;
using Ebb::Result;
using Ebb::ValueType;
using Ebb::TestSupport::fetchAll;
using Ebb::TestSupport::postgresText;

Q_DECLARE_METATYPE(Ebb::ValueType)

namespace {

const QString connectionId = QStringLiteral("warehouse");

PostgresWarehouse makeWarehouse()
{
    Ebb::PgSettings settings = Ebb::TestSupport::postgresSettings();
    settings.readOnly = true; // as WarehouseFactory makes every warehouse
    return PostgresWarehouse(connectionId, settings);
}

QString cellMismatch(const QVariant& actual, const QVariant& expected)
{
    const auto show = [](const QVariant& v) {
        if (!v.isValid())
            return QStringLiteral("NULL");
        QString text = v.toString();
        if (v.metaType().id() == QMetaType::QByteArray)
            text = QString::fromLatin1(v.toByteArray().toHex());
        if (v.metaType().id() == QMetaType::QDateTime)
            text = v.toDateTime().toString(Qt::ISODateWithMs) + QStringLiteral(", time spec ")
                + QString::number(int(v.toDateTime().timeSpec()));
        return QStringLiteral("%1(%2)").arg(QLatin1String(v.metaType().name()), text);
    };
    bool same = actual.isValid() == expected.isValid() && actual.metaType() == expected.metaType();
    if (same && expected.isValid()) {
        if (expected.metaType().id() == QMetaType::Double && std::isnan(expected.toDouble()))
            same = std::isnan(actual.toDouble());
        else
            same = actual == expected;
        if (expected.metaType().id() == QMetaType::QDateTime)
            same = same && actual.toDateTime().timeSpec() == Qt::UTC;
    }
    return same ? QString() : QStringLiteral("got %1, expected %2").arg(show(actual), show(expected));
}

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace

class TestPostgresWarehouse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void versionAndAuthentication();
    void values_data();
    void values();
    void numericsMatchServerText();
    void wholeRowAndNulls();
    void describe_data();
    void describe();
    void describeDoesNotExecute();
    void duplicateColumnNames_data();
    void duplicateColumnNames();
    void queryErrors_data();
    void queryErrors();
    void trailingSemicolonAndComment_data();
    void trailingSemicolonAndComment();
    void errorsInTheWrapper();
    void tablesForCompletion();

private:
    QString m_schema; // unique per run, so runs against a shared server don't collide
};

void TestPostgresWarehouse::initTestCase()
{
    EBB_REQUIRE_POSTGRES();
    m_schema = QStringLiteral("ebb_tst_%1_%2")
                   .arg(QCoreApplication::applicationPid())
                   .arg(QRandomGenerator::global()->bounded(1000000));
    QVERIFY(Ebb::TestSupport::execPostgres(QStringLiteral(R"(
        CREATE SCHEMA %1;
        CREATE TYPE %1.mood AS ENUM ('sad', 'happy');
        CREATE SEQUENCE %1.seq;
        CREATE TABLE %1.everything (
            id integer PRIMARY KEY, i2 smallint, i8 bigint, amount numeric(12,2), ratio real,
            score double precision, label character varying(80), body text, flag boolean, day date,
            at timestamp with time zone, local_at timestamp without time zone, doc json, docb jsonb,
            uid uuid, raw bytea, feeling %1.mood, span interval, ints integer[]);
        INSERT INTO %1.everything VALUES
            (1, -32768, 9223372036854775807, -1234567890.05, 1.5, -2.25e-10, 'Zoë 美咲 😀', '', true,
             '0044-03-15', '2024-03-05 14:22:10.123+02', '1999-12-31 23:59:59.999', '{"a": [1, 2]}',
             '{"b": 1, "a": "x"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00ff10', 'happy',
             '1 day 2 hours', '{1,2,3}'),
            (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL);
    )")
                                               .arg(m_schema)));
}

void TestPostgresWarehouse::cleanupTestCase()
{
    if (!m_schema.isEmpty() && Ebb::TestSupport::hasPostgres())
        QVERIFY(Ebb::TestSupport::execPostgres(
            QStringLiteral("SET client_min_messages = warning; DROP SCHEMA %1 CASCADE").arg(m_schema)));
}

void TestPostgresWarehouse::versionAndAuthentication()
{
    EBB_REQUIRE_POSTGRES();
    auto warehouse = makeWarehouse();
    const auto version = warehouse.test();
    QVERIFY2(version.ok(), qPrintable(version.ok() ? QString() : version.error().toString()));
    QVERIFY2(version->startsWith(QLatin1String("PostgreSQL 15")), qPrintable(version.value()));

    Ebb::PgSettings wrong = Ebb::TestSupport::postgresSettings();
    wrong.password = QStringLiteral("not-the-password");
    PostgresWarehouse denied(connectionId, wrong);
    const auto user = wrong.user;
    const auto check = [&](const Ebb::Error& error) {
        return error.message.contains(QLatin1String("connection \"warehouse\""))
            && error.message.contains(QStringLiteral("password authentication failed for user \"%1\"").arg(user));
    };
    const auto tested = denied.test();
    QVERIFY(!tested.ok());
    QVERIFY2(check(tested.error()), qPrintable(tested.error().message));
    // open() connects on its own and must say the same.
    const auto opened = denied.open(QStringLiteral("SELECT 1"));
    QVERIFY(!opened.ok());
    QVERIFY2(check(opened.error()), qPrintable(opened.error().message));
}

// One value of each type, then a NULL of the same type, read back through open()+next().
void TestPostgresWarehouse::values_data()
{
    QTest::addColumn<QString>("sqlType");
    QTest::addColumn<QString>("literal"); // SQL text of the value
    QTest::addColumn<QVariant>("expected");
    QTest::addColumn<ValueType>("valueType");

    const auto row = [](const char* name, const char* type, const QString& literal, const QVariant& expected,
                         ValueType valueType) {
        QTest::newRow(name) << QString::fromLatin1(type) << literal << expected << valueType;
    };
    const auto numeric = [&](const char* name, const char* text) {
        row(name, "numeric", QStringLiteral("'%1'").arg(QLatin1String(text)), QString::fromLatin1(text),
            ValueType::Numeric);
    };
    row("smallint min", "smallint", "-32768", qint64(-32768), ValueType::Integer);
    row("smallint max", "smallint", "32767", qint64(32767), ValueType::Integer);
    row("integer min", "integer", "-2147483648", qint64(-2147483648LL), ValueType::Integer);
    row("integer max", "integer", "2147483647", qint64(2147483647), ValueType::Integer);
    row("bigint min", "bigint", "-9223372036854775808", std::numeric_limits<qint64>::min(), ValueType::Integer);
    row("bigint max", "bigint", "9223372036854775807", std::numeric_limits<qint64>::max(), ValueType::Integer);
    row("bigint zero", "bigint", "0", qint64(0), ValueType::Integer);

    numeric("numeric long", "12345678901234567890.123456789");
    numeric("numeric tiny negative", "-0.000001");
    numeric("numeric zero", "0");
    numeric("numeric million", "1000000");
    numeric("numeric scale kept", "123.4500");
    numeric("numeric NaN", "NaN");
    numeric("numeric 10000", "10000");
    numeric("numeric 0.0001", "0.0001");
    numeric("numeric negative integer", "-98765432109876543210");
    numeric("numeric 1 digit", "7");
    numeric("numeric 2 digits", "-42");
    numeric("numeric 3 digits", "123");
    numeric("numeric 5 digits", "12345.6");
    numeric("numeric 8 digits", "99999999.99999999");
    numeric("numeric 0.5", "0.5");
    numeric("numeric Infinity", "Infinity");
    numeric("numeric -Infinity", "-Infinity");
    numeric("numeric zero with scale", "0.00");
    row("numeric(12,2) pads scale", "numeric(12,2)", "'1234567890.5'", QStringLiteral("1234567890.50"),
        ValueType::Numeric);

    row("real", "real", "1.5", 1.5, ValueType::Double);
    // The shortest text that reads back as the same float4, as PostgreSQL prints it: 0.1, not
    // the widened 0.10000000149011612 (which JSON and numeric destinations received).
    row("real inexact", "real", "0.1", 0.1, ValueType::Double);
    row("real large", "real", "3.4028235e38", 3.4028235e38, ValueType::Double);
    row("real small", "real", "1.17549435e-38", 1.1754944e-38, ValueType::Double);
    row("double", "double precision", "3.141592653589793", 3.141592653589793, ValueType::Double);
    row("double huge negative", "double precision", "-1e308", -1e308, ValueType::Double);
    row("double NaN", "double precision", "'NaN'", std::numeric_limits<double>::quiet_NaN(), ValueType::Double);

    row("text unicode", "text", QStringLiteral("'Zoë 美咲 😀'"), QStringLiteral("Zoë 美咲 😀"), ValueType::Text);
    row("text empty", "text", "''", QString(""), ValueType::Text);
    row("varchar", "character varying(80)", "'abc'", QStringLiteral("abc"), ValueType::Text);
    row("char pads", "character(5)", "'ab'", QStringLiteral("ab   "), ValueType::Text);

    // A leading U+FEFF is a character of the value (QString::fromUtf8 would drop it).
    row("text with leading byte order marks", "text", "U&'\\FEFF\\FEFFhi'",
        QString(2, QChar(0xFEFF)) + QStringLiteral("hi"), ValueType::Text);
    row("boolean true", "boolean", "true", true, ValueType::Bool);
    row("boolean false", "boolean", "false", false, ValueType::Bool);

    row("date before epoch", "date", "'1999-12-31'", QDate(1999, 12, 31), ValueType::Date);
    row("date epoch", "date", "'2000-01-01'", QDate(2000, 1, 1), ValueType::Date);
    row("date ides of march", "date", "'0044-03-15'", QDate(44, 3, 15), ValueType::Date);
    // Outside years 1–9999: PostgreSQL's own text, never an empty value.
    row("date BC", "date", "'0044-03-15 BC'", QStringLiteral("0044-03-15 BC"), ValueType::Date);
    row("date past 9999", "date", "'12000-01-02'", QStringLiteral("12000-01-02"), ValueType::Date);
    row("timestamptz BC", "timestamp with time zone", "'0010-01-01 12:30:00.25+00 BC'",
        QStringLiteral("0010-01-01 12:30:00.250+00 BC"), ValueType::Timestamp);
    // Past year 294,246 the Unix-epoch microseconds overflow 64 bits (they came out as "…BC").
    row("timestamptz past year 294246", "timestamp with time zone", "'294270-06-15 12:00:00.5+00'",
        QStringLiteral("294270-06-15 12:00:00.500+00"), ValueType::Timestamp);
    row("timestamptz last microsecond", "timestamp with time zone", "'294276-12-31 23:59:59.999999+00'",
        QStringLiteral("294276-12-31 23:59:59.999999+00"), ValueType::Timestamp);

    row("timestamptz offset", "timestamp with time zone", "'2024-03-05 14:22:10.123+02'",
        utc(2024, 3, 5, 12, 22, 10, 123), ValueType::Timestamp);
    row("timestamptz pre-2000", "timestamp with time zone", "'1969-07-20 20:17:40.5-05'",
        utc(1969, 7, 21, 1, 17, 40, 500), ValueType::Timestamp);
    // Microseconds beyond the millisecond are kept (a MicroTime), before PostgreSQL's epoch too.
    row("timestamptz keeps micros", "timestamp with time zone", "'2024-03-05 14:22:10.123456+00'",
        QVariant::fromValue(Ebb::MicroTime{1709648530123456LL}), ValueType::Timestamp);
    row("timestamptz micros before 2000", "timestamp with time zone", "'1999-12-31 23:59:59.9995+00'",
        QVariant::fromValue(Ebb::MicroTime{946684799999500LL}), ValueType::Timestamp);
    row("timestamp without tz", "timestamp without time zone", "'2024-03-05 14:22:10.123'",
        utc(2024, 3, 5, 14, 22, 10, 123), ValueType::Timestamp);

    // json keeps the text as written; jsonb is what the server renders (checked against it below).
    row("json", "json", R"('{"b": 1,  "a": [1,2]}')", QStringLiteral(R"({"b": 1,  "a": [1,2]})"), ValueType::Json);
    row("jsonb", "jsonb", QStringLiteral(R"('{"b": [1, 2.50, {"x": null}], "a": "Zoë"}')"),
        QStringLiteral(R"({"a": "Zoë", "b": [1, 2.50, {"x": null}]})"), ValueType::Json);
    row("uuid", "uuid", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
        QStringLiteral("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), ValueType::Text);
    row("bytea", "bytea", R"('\x00ff10')", QByteArray("\x00\xff\x10", 3), ValueType::Bytes);
    row("bytea empty", "bytea", "''", QByteArray(""), ValueType::Bytes);

    // No binary decoder: these are cast to text on the server and must read as its text output.
    row("enum", "%schema%.mood", "'happy'", QStringLiteral("happy"), ValueType::Text);
    row("interval", "interval", "'1 day 2 hours'", QStringLiteral("1 day 02:00:00"), ValueType::Text);
    row("int array", "integer[]", "'{1,2,3}'", QStringLiteral("{1,2,3}"), ValueType::Text);
    row("text array", "text[]", QStringLiteral("ARRAY['a b', 'Zoë', NULL]"), QStringLiteral(R"({"a b",Zoë,NULL})"),
        ValueType::Text);
}

void TestPostgresWarehouse::values()
{
    EBB_REQUIRE_POSTGRES();
    QFETCH(QString, sqlType);
    QFETCH(QString, literal);
    QFETCH(QVariant, expected);
    QFETCH(ValueType, valueType);
    sqlType.replace(QLatin1String("%schema%"), m_schema);

    const QString sql = QStringLiteral("SELECT v FROM (VALUES (1, CAST(%1 AS %2)), (2, NULL)) AS t(n, v) ORDER BY n")
                            .arg(literal, sqlType);
    // For jsonb and the text-cast types the reference is what the server itself prints.
    const bool serverRendered = sqlType == QLatin1String("jsonb") || sqlType == QLatin1String("interval")
        || sqlType.endsWith(QLatin1String("[]")) || sqlType.endsWith(QLatin1String(".mood"));
    if (serverRendered)
        QCOMPARE(
            postgresText(QStringLiteral("SELECT CAST(%1 AS %2)::text").arg(literal, sqlType)), expected.toString());

    auto warehouse = makeWarehouse();
    auto cursor = warehouse.open(sql);
    QVERIFY2(cursor.ok(), qPrintable(cursor.ok() ? QString() : cursor.error().toString()));
    QCOMPARE((*cursor)->columns().size(), 1);
    QCOMPARE((*cursor)->columns().first().type, valueType);

    auto batch = (*cursor)->next(10);
    QVERIFY2(batch.ok(), qPrintable(batch.ok() ? QString() : batch.error().toString()));
    QCOMPARE(batch->rowCount(), 2);
    const QString mismatch = cellMismatch(batch->at(0, 0), expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QVERIFY2(!batch->at(1, 0).isValid(), qPrintable(cellMismatch(batch->at(1, 0), QVariant())));
    QVERIFY((*cursor)->atEnd());
    auto end = (*cursor)->next(10);
    QVERIFY(end.ok());
    QVERIFY(end->isEmpty());
}

// Numeric's binary form is decoded by hand: thousands of values of every magnitude and scale,
// with base-10000 digit boundaries, must read exactly as the server prints them.
void TestPostgresWarehouse::numericsMatchServerText()
{
    EBB_REQUIRE_POSTGRES();
    auto warehouse = makeWarehouse();
    const auto rows = fetchAll(warehouse, QStringLiteral(R"(
        WITH v AS (
            SELECT round((random() - 0.5)::numeric * 10::numeric ^ (g % 45 - 12), g % 23) AS n
            FROM generate_series(1, 20000) g
            UNION ALL
            SELECT s * 10::numeric ^ e + d FROM generate_series(-20, 20) e,
                (VALUES (1), (-1)) AS signs(s), (VALUES (0), (-1), (1)) AS deltas(d)
        )
        SELECT n, n::text FROM v)"));
    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().toString()));
    QVERIFY(rows->size() > 20000);
    for (const QVariantList& row : rows.value()) {
        QCOMPARE(row.at(0).metaType().id(), QMetaType::QString);
        QCOMPARE(row.at(0).toString(), row.at(1).toString());
    }
}

// All types side by side in one table (binary and text-cast columns mixed), and a row of NULLs.
void TestPostgresWarehouse::wholeRowAndNulls()
{
    EBB_REQUIRE_POSTGRES();
    auto warehouse = makeWarehouse();
    const auto columns = warehouse.describe(QStringLiteral("SELECT * FROM %1.everything").arg(m_schema));
    QVERIFY2(columns.ok(), qPrintable(columns.ok() ? QString() : columns.error().toString()));
    auto all = fetchAll(warehouse, QStringLiteral("SELECT * FROM %1.everything ORDER BY id").arg(m_schema));
    QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().toString()));
    QCOMPARE(all->size(), 2);

    const QVariantList expected{qint64(1), qint64(-32768), std::numeric_limits<qint64>::max(),
        QStringLiteral("-1234567890.05"), 1.5, -2.25e-10, QStringLiteral("Zoë 美咲 😀"), QString(""), true,
        QDate(44, 3, 15), utc(2024, 3, 5, 12, 22, 10, 123), utc(1999, 12, 31, 23, 59, 59, 999),
        QStringLiteral(R"({"a": [1, 2]})"), QStringLiteral(R"({"a": "x", "b": 1})"),
        QStringLiteral("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), QByteArray("\x00\xff\x10", 3), QStringLiteral("happy"),
        QStringLiteral("1 day 02:00:00"), QStringLiteral("{1,2,3}")};
    const QVariantList& first = all->at(0);
    const QVariantList& nulls = all->at(1);
    QCOMPARE(first.size(), expected.size());
    QCOMPARE(nulls.size(), expected.size());
    QCOMPARE(columns->size(), expected.size());
    for (int c = 0; c < expected.size(); ++c) {
        const QString mismatch = cellMismatch(first.at(c), expected.at(c));
        QVERIFY2(mismatch.isEmpty(), qPrintable(columns->at(c).name + QStringLiteral(": ") + mismatch));
        const QVariant expectedNull = c == 0 ? QVariant(qint64(2)) : QVariant();
        const QString nullMismatch = cellMismatch(nulls.at(c), expectedNull);
        QVERIFY2(nullMismatch.isEmpty(), qPrintable(columns->at(c).name + QStringLiteral(": ") + nullMismatch));
    }
}

void TestPostgresWarehouse::describe_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ValueType>("type");
    QTest::addColumn<QString>("nativeType"); // empty: not checked (an OID)

    const auto row = [](const char* name, ValueType type, const char* native) {
        QTest::newRow(name) << QString::fromLatin1(name) << type << QString::fromLatin1(native);
    };
    row("id", ValueType::Integer, "integer");
    row("i2", ValueType::Integer, "smallint");
    row("i8", ValueType::Integer, "bigint");
    row("amount", ValueType::Numeric, "numeric(12,2)");
    row("ratio", ValueType::Double, "real");
    row("score", ValueType::Double, "double precision");
    row("label", ValueType::Text, "character varying(80)");
    row("body", ValueType::Text, "text");
    row("flag", ValueType::Bool, "boolean");
    row("day", ValueType::Date, "date");
    row("at", ValueType::Timestamp, "timestamp with time zone");
    row("local_at", ValueType::Timestamp, "timestamp without time zone");
    row("doc", ValueType::Json, "json");
    row("docb", ValueType::Json, "jsonb");
    row("uid", ValueType::Text, "uuid");
    row("raw", ValueType::Bytes, "bytea");
    row("feeling", ValueType::Text, "");
    row("span", ValueType::Text, "");
    row("ints", ValueType::Text, "");
}

void TestPostgresWarehouse::describe()
{
    EBB_REQUIRE_POSTGRES();
    QFETCH(QString, name);
    QFETCH(ValueType, type);
    QFETCH(QString, nativeType);

    auto warehouse = makeWarehouse();
    const auto columns = warehouse.describe(QStringLiteral("SELECT * FROM %1.everything").arg(m_schema));
    QVERIFY2(columns.ok(), qPrintable(columns.ok() ? QString() : columns.error().toString()));
    QCOMPARE(columns->size(), 19);
    const auto found = std::find_if(columns->begin(), columns->end(), [&](const Column& c) { return c.name == name; });
    QVERIFY2(found != columns->end(), qPrintable(name));
    QCOMPARE(found->type, type);
    if (!nativeType.isEmpty())
        QCOMPARE(found->nativeType, nativeType);
    else
        QVERIFY(!found->nativeType.isEmpty());
}

void TestPostgresWarehouse::describeDoesNotExecute()
{
    EBB_REQUIRE_POSTGRES();
    // nextval() is not rolled back by anything, so any execution would show in the sequence.
    const QString state = QStringLiteral("SELECT last_value || '/' || is_called FROM %1.seq").arg(m_schema);
    QVERIFY(Ebb::TestSupport::execPostgres(QStringLiteral("SELECT nextval('%1.seq')").arg(m_schema)));
    QCOMPARE(postgresText(state), QStringLiteral("1/true"));

    auto warehouse = makeWarehouse();
    const QString sql = QStringLiteral("SELECT nextval('%1.seq') AS next_id").arg(m_schema);
    const auto columns = warehouse.describe(sql);
    QVERIFY2(columns.ok(), qPrintable(columns.ok() ? QString() : columns.error().toString()));
    QCOMPARE(columns->size(), 1);
    QCOMPARE(columns->first().name, QStringLiteral("next_id"));
    QCOMPARE(columns->first().type, ValueType::Integer);
    QCOMPARE(columns->first().nativeType, QStringLiteral("bigint"));
    QCOMPARE(postgresText(state), QStringLiteral("1/true"));

    // The check above can see an execution: running the query (on a session that may write,
    // which a warehouse's never is) moves the sequence.
    Ebb::PostgresWarehouse writable(connectionId, Ebb::TestSupport::postgresSettings());
    const auto rows = fetchAll(writable, sql);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().first(), QVariant(qint64(2)));
    QCOMPARE(postgresText(state), QStringLiteral("2/true"));
}

void TestPostgresWarehouse::duplicateColumnNames_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("expected");
    QTest::newRow("binary only") << QStringLiteral("SELECT 1 AS a, 2 AS a") << QVariantList{qint64(1), qint64(2)};
    QTest::newRow("with text cast") << QStringLiteral("SELECT 1 AS a, 2 AS a, '{1}'::int[] AS a")
                                    << QVariantList{qint64(1), qint64(2), QStringLiteral("{1}")};
}

void TestPostgresWarehouse::duplicateColumnNames()
{
    EBB_REQUIRE_POSTGRES();
    QFETCH(QString, sql);
    QFETCH(QVariantList, expected);

    auto warehouse = makeWarehouse();
    const auto described = warehouse.describe(sql);
    QVERIFY2(described.ok(), qPrintable(described.ok() ? QString() : described.error().toString()));
    QCOMPARE(described->size(), expected.size());
    for (const Column& column : described.value())
        QCOMPARE(column.name, QStringLiteral("a"));

    const auto rows = fetchAll(warehouse, sql);
    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().toString()));
    QCOMPARE(rows->size(), 1);
    for (int c = 0; c < expected.size(); ++c) {
        const QString mismatch = cellMismatch(rows->first().at(c), expected.at(c));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
}

void TestPostgresWarehouse::queryErrors_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("serverText");
    QTest::addColumn<QString>("where"); // empty: the error has no position

    QTest::newRow("syntax error") << QStringLiteral("SELECT id, FROM t")
                                  << QStringLiteral("syntax error at or near \"FROM\"")
                                  << QStringLiteral("(query line 1, column 12)");
    QTest::newRow("syntax error, second line")
        << QStringLiteral("SELECT id,\n  FROM t") << QStringLiteral("syntax error at or near \"FROM\"")
        << QStringLiteral("(query line 2, column 3)");
    QTest::newRow("syntax error, third line")
        << QStringLiteral("SELECT id,\n       name\n  FROM t WHERE WHERE")
        << QStringLiteral("syntax error at or near \"WHERE\"") << QStringLiteral("(query line 3, column 16)");
    // Lines count from the query as written, blank lines before it included.
    QTest::newRow("syntax error after blank lines")
        << QStringLiteral("\n\n  SELECT id,\n  FROM t;\n") << QStringLiteral("syntax error at or near \"FROM\"")
        << QStringLiteral("(query line 4, column 3)");
    // PostgreSQL counts characters; columns count UTF-16 units, as QString, Qt's editors and
    // the SQLite connector do (an emoji is two).
    QTest::newRow("syntax error after emoji")
        << QStringLiteral("SELECT '😀😀' AS e, FROM t") << QStringLiteral("syntax error at or near \"FROM\"")
        << QStringLiteral("(query line 1, column 21)");
    QTest::newRow("syntax error after emoji line")
        << QStringLiteral("SELECT '😀' AS e,\nFROM t") << QStringLiteral("syntax error at or near \"FROM\"")
        << QStringLiteral("(query line 2, column 1)");
    QTest::newRow("missing table") << QStringLiteral("SELECT * FROM no_such_table")
                                   << QStringLiteral("relation \"no_such_table\" does not exist")
                                   << QStringLiteral("(query line 1, column 15)");
    QTest::newRow("missing column") << QStringLiteral("SELECT nope FROM generate_series(1, 3) g")
                                    << QStringLiteral("column \"nope\" does not exist")
                                    << QStringLiteral("(query line 1, column 8)");
    QTest::newRow("not a query") << QStringLiteral("CREATE TABLE never_made (id int)")
                                 << QStringLiteral("a sync's source must be a query") << QString();
}

void TestPostgresWarehouse::queryErrors()
{
    EBB_REQUIRE_POSTGRES();
    QFETCH(QString, sql);
    QFETCH(QString, serverText);
    QFETCH(QString, where);

    auto warehouse = makeWarehouse();
    const auto check = [&](const Ebb::Error& error) {
        const QString& m = error.message;
        QVERIFY2(m.startsWith(QLatin1String("connection \"warehouse\": ")), qPrintable(m));
        QVERIFY2(m.contains(serverText), qPrintable(m));
        if (where.isEmpty())
            QVERIFY2(!m.contains(QLatin1String("(query line")), qPrintable(m));
        else
            QVERIFY2(m.contains(where), qPrintable(m));
    };
    const auto described = warehouse.describe(sql);
    QVERIFY(!described.ok());
    check(described.error());
    if (QTest::currentTestFailed())
        return;
    const auto opened = warehouse.open(sql);
    QVERIFY(!opened.ok());
    check(opened.error());
}

// Ebb reads a query inside SQL of its own (sorted by the key, or only the rows whose cursor
// moved). An error there must not point at a line and column of the user's one-line query
// that do not exist (issue 10, item 19): it says that it is in the wrapper, and why; an error
// in the user's part points into the user's text.
void TestPostgresWarehouse::errorsInTheWrapper()
{
    EBB_REQUIRE_POSTGRES();
    auto warehouse = makeWarehouse();
    const QString twoIds = QStringLiteral("SELECT g AS id, g * 2 AS id, g AS changed FROM generate_series(1, 3) g");
    const auto described = warehouse.describe(twoIds);
    QVERIFY(described.ok());

    const auto sorted = warehouse.openOrderedByKey(twoIds, *described, QStringLiteral("id"));
    QVERIFY(!sorted.ok());
    const QString m = sorted.error().message;
    QVERIFY2(m.contains(QLatin1String("column reference \"id\" is ambiguous")), qPrintable(m));
    QVERIFY2(!m.contains(QLatin1String("query line")), qPrintable(m));
    QVERIFY2(m.contains(QLatin1String("not in the query itself")), qPrintable(m));
    QVERIFY2(m.contains(QLatin1String("by its key \"id\"")), qPrintable(m));
    QVERIFY2(m.contains(QLatin1String("two columns named \"id\"")), qPrintable(m));

    for (const bool unique : {true, false}) {
        const auto changed = warehouse.openChangedSince(
            twoIds, *described, QStringLiteral("id"), QStringLiteral("changed"), QVariant(qint64(2)), unique);
        QVERIFY(!changed.ok());
        const QString c = changed.error().message;
        QVERIFY2(c.contains(QLatin1String("is ambiguous")) && !c.contains(QLatin1String("query line")), qPrintable(c));
        QVERIFY2(c.contains(QLatin1String("not in the query itself")), qPrintable(c));
    }

    // In the user's part of the wrapped SQL, the position is the user's, blank space before it counted.
    const QList<Column> idOnly{{QStringLiteral("id"), ValueType::Integer, QStringLiteral("int4")}};
    const auto missing
        = warehouse.openOrderedByKey(QStringLiteral("\n  SELECT id FROM no_such_table;"), idOnly, QStringLiteral("id"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message.contains(
                 QLatin1String("relation \"no_such_table\" does not exist (query line 2, column 18)")),
        qPrintable(missing.error().message));
}

void TestPostgresWarehouse::trailingSemicolonAndComment_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("expected");
    const QVariantList answer{qint64(42)};
    QTest::newRow("semicolon") << QStringLiteral("SELECT 42 AS x;") << answer;
    QTest::newRow("semicolons and blanks") << QStringLiteral("  SELECT 42 AS x ; ;\n\n") << answer;
    QTest::newRow("comment line") << QStringLiteral("SELECT 42 AS x\n-- the answer") << answer;
    QTest::newRow("comment at end of line") << QStringLiteral("SELECT 42 AS x -- the answer") << answer;
    QTest::newRow("comment, text cast path") << QStringLiteral("SELECT 42 AS x, '{1}'::int[] AS y -- the answer")
                                             << QVariantList{qint64(42), QStringLiteral("{1}")};
    QTest::newRow("semicolon then comment") << QStringLiteral("SELECT 42 AS x;\n-- the answer\n") << answer;
    QTest::newRow("semicolon then block comment") << QStringLiteral("SELECT 42 AS x; /* the answer */") << answer;
    QTest::newRow("semicolon, comments, semicolon")
        << QStringLiteral("SELECT 42 AS x; -- a\n/* b /* c */ ; */ ;") << answer;
    // Semicolons and comment markers inside literals, names and comments are not the end.
    QTest::newRow("inside literals") << QStringLiteral(
        "SELECT 42 AS x, 'a;b -- c' AS \"d;\"\"e\", E'f\\';g' AS h, $$;$$ AS i, $t$ $$; $t$ AS j; -- k")
                                     << QVariantList{qint64(42), QStringLiteral("a;b -- c"), QStringLiteral("f';g"),
                                            QStringLiteral(";"), QStringLiteral(" $$; ")};
    QTest::newRow("inside a comment") << QStringLiteral("SELECT 42 AS x /* ; */ -- ;\n;\n-- end") << answer;
}

void TestPostgresWarehouse::trailingSemicolonAndComment()
{
    EBB_REQUIRE_POSTGRES();
    QFETCH(QString, sql);
    QFETCH(QVariantList, expected);
    auto warehouse = makeWarehouse();
    const auto described = warehouse.describe(sql);
    QVERIFY2(described.ok(), qPrintable(described.ok() ? QString() : described.error().toString()));
    QCOMPARE(described->size(), expected.size());
    const auto rows = fetchAll(warehouse, sql);
    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().toString()));
    QCOMPARE(rows->size(), 1);
    for (int c = 0; c < expected.size(); ++c) {
        const QString mismatch = cellMismatch(rows->first().at(c), expected.at(c));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
}

// The SQL editor completes table names: those outside the search path come schema-qualified,
// the server's own catalogs never.
void TestPostgresWarehouse::tablesForCompletion()
{
    EBB_REQUIRE_POSTGRES();
    PostgresWarehouse warehouse = makeWarehouse();
    const auto tables = warehouse.tables();
    QVERIFY2(tables.ok(), qPrintable(tables ? QString() : tables.error().message));
    QVERIFY2(tables->contains(m_schema + QStringLiteral(".everything")), qPrintable(tables->join(u',')));
    for (const QString& name : *tables)
        QVERIFY2(
            !name.startsWith(QStringLiteral("pg_catalog.")) && !name.startsWith(QStringLiteral("information_schema.")),
            qPrintable(name));
}

QTEST_GUILESS_MAIN(TestPostgresWarehouse)
#include "tst_postgreswarehouse.moc"
