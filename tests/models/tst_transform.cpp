#include "models/mapping/Decimal.h"
#include "models/mapping/Transform.h"
#include "models/mapping/ValueText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>
#include <cmath>
#include <limits>

using namespace Ebb;

namespace {

// A transform spec as a sync file writes it: "trim" or {"split": ";"}.
QJsonValue spec(const QString& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(json).toUtf8());
    if (!doc.isArray() || doc.array().size() != 1)
        qFatal("bad spec in test data: %s", qPrintable(json));
    return doc.array().at(0);
}

QVariant dec(const char* text)
{
    return QVariant::fromValue(Decimal{QString::fromLatin1(text)});
}

QVariant utc(int y, int m, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, mi, s, ms), Qt::UTC);
}

QVariant list(const QStringList& items)
{
    return QVariant(items);
}

// Same type and same value; timestamps must also be in UTC.
void compareValue(const QVariant& actual, const QVariant& expected)
{
    QCOMPARE(actual.metaType().name(), expected.metaType().name());
    if (expected.metaType() == QMetaType::fromType<Decimal>()) {
        QCOMPARE(actual.value<Decimal>().text, expected.value<Decimal>().text);
    } else if (expected.typeId() == QMetaType::QDateTime) {
        QCOMPARE(actual.toDateTime(), expected.toDateTime());
        QCOMPARE(actual.toDateTime().timeSpec(), Qt::UTC);
    } else {
        QCOMPARE(actual, expected);
    }
}

} // namespace

class TestTransform : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("name"); // expected name() when it parses
        QTest::addColumn<QString>("error"); // expected message when it does not

        const QString known = QStringLiteral("trim, lower, upper, number, integer, bool, date, datetime, dateFormat, "
                                             "default, split, join");
        for (const char* plain : {"trim", "lower", "upper", "number", "integer", "bool", "date", "datetime"})
            QTest::addRow("name %s", plain)
                << QStringLiteral("\"%1\"").arg(QLatin1String(plain)) << QString::fromLatin1(plain) << QString();
        QTest::newRow("object dateFormat") << R"({"dateFormat": "dd/MM/yyyy"})"
                                           << "dateFormat" << QString();
        QTest::newRow("object default text") << R"({"default": "n/a"})"
                                             << "default" << QString();
        QTest::newRow("object default null") << R"({"default": null})"
                                             << "default" << QString();
        QTest::newRow("object split") << R"({"split": ";"})"
                                      << "split" << QString();
        QTest::newRow("object join") << R"({"join": ", "})"
                                     << "join" << QString();
        QTest::newRow("user keys beside a transform") << R"({"split": ";", "x-why": "tags arrive joined"})"
                                                      << "split" << QString();
        QTest::newRow("user keys in datetime options")
            << R"({"datetime": {"timeZone": "Europe/Paris", "$comment": "the CRM's local time"}})"
            << "datetime" << QString();
        QTest::newRow("object datetime zone") << R"({"datetime": {"timeZone": "Europe/Paris"}})"
                                              << "datetime" << QString();

        QTest::newRow("unknown name")
            << R"("upcase")" << QString()
            << QStringLiteral("unknown transform \"upcase\"; known transforms: %1").arg(known);
        QTest::newRow("names are case-sensitive")
            << R"("Trim")" << QString()
            << QStringLiteral("unknown transform \"Trim\"; known transforms: %1").arg(known);
        QTest::newRow("unknown object key")
            << R"({"replace": "x"})" << QString()
            << QStringLiteral("unknown transform \"replace\"; known transforms: %1").arg(known);
        const QString shape
            = QStringLiteral("a transform is a name such as \"trim\" or a one-key object such as {\"split\": \";\"}");
        QTest::newRow("number spec") << "42" << QString() << shape;
        QTest::newRow("empty object") << "{}" << QString() << shape;
        QTest::newRow("two-key object") << R"({"split": ";", "join": ","})" << QString() << shape;
        QTest::newRow("array spec") << R"(["trim"])" << QString() << shape;

        QTest::newRow("split without value")
            << R"("split")" << QString() << R"(transform "split" needs a value, as in {"split": …})";
        QTest::newRow("join without value")
            << R"("join")" << QString() << R"(transform "join" needs a value, as in {"join": …})";
        QTest::newRow("dateFormat without value")
            << R"("dateFormat")" << QString() << R"(transform "dateFormat" needs a value, as in {"dateFormat": …})";
        QTest::newRow("default without value")
            << R"("default")" << QString() << R"(transform "default" needs a value, as in {"default": …})";
        QTest::newRow("split empty separator")
            << R"({"split": ""})" << QString() << R"(transform "split" takes a non-empty string)";
        QTest::newRow("join number separator")
            << R"({"join": 5})" << QString() << R"(transform "join" takes a non-empty string)";
        QTest::newRow("dateFormat object")
            << R"({"dateFormat": {}})" << QString() << R"(transform "dateFormat" takes a non-empty string)";
        QTest::newRow("trim with value") << R"({"trim": true})" << QString() << R"(transform "trim" takes no value)";
        QTest::newRow("number with value")
            << R"({"number": "de_DE"})" << QString() << R"(transform "number" takes no value)";

        QTest::newRow("bad time zone")
            << R"({"datetime": {"timeZone": "Mars/Olympus_Mons"}})" << QString()
            << R"(unknown time zone "Mars/Olympus_Mons" (use an IANA name such as "Europe/Paris"))";
        QTest::newRow("empty time zone") << R"({"datetime": {"timeZone": ""}})" << QString()
                                         << R"(unknown time zone "" (use an IANA name such as "Europe/Paris"))";
        // Read as UTC, these would shift every naive timestamp by the zone's offset without a word.
        const QString datetimeShape
            = QStringLiteral("transform \"datetime\" takes no value or {\"timeZone\": \"Europe/Paris\"}");
        QTest::newRow("time zone as bare string") << R"({"datetime": "Europe/Paris"})" << QString() << datetimeShape;
        QTest::newRow("misspelt timeZone key")
            << R"({"datetime": {"timezone": "Europe/Paris"}})" << QString() << datetimeShape;
        QTest::newRow("extra datetime option")
            << R"({"datetime": {"timeZone": "Europe/Paris", "format": "x"}})" << QString() << datetimeShape;
        QTest::newRow("time zone not a string") << R"({"datetime": {"timeZone": 2}})" << QString() << datetimeShape;
    }

    void parse()
    {
        QFETCH(QString, json);
        QFETCH(QString, name);
        QFETCH(QString, error);
        const auto t = Transform::parse(spec(json));
        if (error.isEmpty()) {
            QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
            QCOMPARE(t->name(), name);
            QVERIFY(Transform::names().contains(name));
        } else {
            QVERIFY2(!t.ok(), "parsed a spec that should be refused");
            QCOMPARE(t.error().message, error);
            QCOMPARE(t.error().category, Error::Category::Config);
        }
    }

    void apply_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QVariant>("expected"); // when it applies
        QTest::addColumn<QString>("error"); // when it does not

        // trim / lower / upper, on text and on every item of a list
        QTest::newRow("trim text") << R"("trim")" << QVariant(" \tAda Lovelace \n") << QVariant("Ada Lovelace")
                                   << QString();
        QTest::newRow("trim list") << R"("trim")" << list({" a ", "b  ", ""}) << list({"a", "b", ""}) << QString();
        QTest::newRow("trim number makes text") << R"("trim")" << QVariant(qint64(12)) << QVariant("12") << QString();
        QTest::newRow("lower text") << R"("lower")" << QVariant("ÉLODIE@Example.COM") << QVariant("élodie@example.com")
                                    << QString();
        QTest::newRow("lower list") << R"("lower")" << list({"A", "Bc"}) << list({"a", "bc"}) << QString();
        QTest::newRow("upper text") << R"("upper")" << QVariant("pro plan é") << QVariant("PRO PLAN É") << QString();
        QTest::newRow("upper list") << R"("upper")" << list({"vip", "beta"}) << list({"VIP", "BETA"}) << QString();

        // number: whole numbers become qint64, exact decimals stay Decimal, exponents become double
        QTest::newRow("number int64") << R"("number")" << QVariant(qint64(42)) << QVariant(qint64(42)) << QString();
        QTest::newRow("number int32") << R"("number")" << QVariant(int(7)) << QVariant(qint64(7)) << QString();
        QTest::newRow("number double") << R"("number")" << QVariant(2.5) << QVariant(2.5) << QString();
        QTest::newRow("number text whole") << R"("number")" << QVariant("12") << QVariant(qint64(12)) << QString();
        QTest::newRow("number text padded") << R"("number")" << QVariant(" 12 ") << QVariant(qint64(12)) << QString();
        QTest::newRow("number text plus sign") << R"("number")" << QVariant("+7") << QVariant(qint64(7)) << QString();
        QTest::newRow("number decimal exact") << R"("number")" << QVariant("1234.50") << dec("1234.50") << QString();
        QTest::newRow("number negative decimal") << R"("number")" << QVariant("-0.50") << dec("-0.50") << QString();
        QTest::newRow("number negative zero") << R"("number")" << QVariant("-0.0") << dec("0.0") << QString();
        QTest::newRow("number leading zeros") << R"("number")" << QVariant("007.10") << dec("7.10") << QString();
        QTest::newRow("number beyond 64 bits") << R"("number")" << QVariant("123456789012345678901234567890")
                                               << dec("123456789012345678901234567890") << QString();
        QTest::newRow("number exponent") << R"("number")" << QVariant("1e6") << QVariant(1e6) << QString();
        QTest::newRow("number NaN double")
            << R"("number")" << QVariant(std::nan("")) << QVariant() << R"("NaN" is not a number)";
        QTest::newRow("number infinite double")
            << R"("number")" << QVariant(HUGE_VAL) << QVariant() << R"("Infinity" is not a number)";
        QTest::newRow("number thousands separator")
            << R"("number")" << QVariant("1,234") << QVariant() << R"("1,234" is not a number)";
        QTest::newRow("number decimal comma")
            << R"("number")" << QVariant("12,50") << QVariant() << R"("12,50" is not a number)";
        QTest::newRow("number bool") << R"("number")" << QVariant(true) << QVariant() << R"("true" is not a number)";
        QTest::newRow("number word") << R"("number")" << QVariant("twelve") << QVariant()
                                     << R"("twelve" is not a number)";
        QTest::newRow("number infinity") << R"("number")" << QVariant("inf") << QVariant()
                                         << R"("inf" is not a number)";
        QTest::newRow("number empty text") << R"("number")" << QVariant("") << QVariant() << R"("" is not a number)";
        QTest::newRow("number date") << R"("number")" << QVariant(QDate(2024, 3, 5)) << QVariant()
                                     << R"("2024-03-05" is not a number)";

        // integer
        QTest::newRow("integer int64") << R"("integer")" << QVariant(qint64(-3)) << QVariant(qint64(-3)) << QString();
        QTest::newRow("integer text") << R"("integer")" << QVariant("12") << QVariant(qint64(12)) << QString();
        QTest::newRow("integer zero fraction")
            << R"("integer")" << QVariant("12.00") << QVariant(qint64(12)) << QString();
        QTest::newRow("integer negative zero fraction")
            << R"("integer")" << QVariant("-12.000") << QVariant(qint64(-12)) << QString();
        QTest::newRow("integer max") << R"("integer")" << QVariant("9223372036854775807")
                                     << QVariant(qint64(9223372036854775807LL)) << QString();
        QTest::newRow("integer whole double") << R"("integer")" << QVariant(3.0) << QVariant(qint64(3)) << QString();
        QTest::newRow("integer fraction")
            << R"("integer")" << QVariant("12.5") << QVariant() << R"("12.5" is not a whole number)";
        QTest::newRow("integer fractional double")
            << R"("integer")" << QVariant(3.25) << QVariant() << R"("3.25" is not a whole number)";
        QTest::newRow("integer huge text") << R"("integer")" << QVariant("99999999999999999999") << QVariant()
                                           << R"("99999999999999999999" is not a whole number that fits in 64 bits)";
        QTest::newRow("integer just past max") << R"("integer")" << QVariant("9223372036854775808") << QVariant()
                                               << R"("9223372036854775808" is not a whole number that fits in 64 bits)";
        QTest::newRow("integer huge double")
            << R"("integer")" << QVariant(1e19) << QVariant() << R"("1e+19" is not a whole number)";
        QTest::newRow("integer NaN double")
            << R"("integer")" << QVariant(std::nan("")) << QVariant() << R"("NaN" is not a whole number)";
        QTest::newRow("integer -2^63 double") << R"("integer")" << QVariant(-9223372036854775808.0)
                                              << QVariant(qint64(std::numeric_limits<qint64>::min())) << QString();
        QTest::newRow("integer 2^63 double") << R"("integer")" << QVariant(9223372036854775808.0) << QVariant()
                                             << R"("9223372036854776000" is not a whole number)";
        QTest::newRow("integer exponent text")
            << R"("integer")" << QVariant("1e3") << QVariant() << R"("1e3" is not a whole number)";
        QTest::newRow("integer bool") << R"("integer")" << QVariant(false) << QVariant()
                                      << R"("false" is not a whole number)";

        // bool
        const QString notBool = QStringLiteral("%1 is not a boolean (true/false, yes/no, 1/0)");
        for (const char* yes : {"true", "TRUE", "t", "yes", " Yes ", "y", "1", "on", "ON"})
            QTest::addRow("bool %s", yes)
                << R"("bool")" << QVariant(QString::fromLatin1(yes)) << QVariant(true) << QString();
        for (const char* no : {"false", "f", "no", "n", "0", "off", "Off"})
            QTest::addRow("bool %s", no) << R"("bool")" << QVariant(QString::fromLatin1(no)) << QVariant(false)
                                         << QString();
        QTest::newRow("bool from bool") << R"("bool")" << QVariant(true) << QVariant(true) << QString();
        QTest::newRow("bool from int 1") << R"("bool")" << QVariant(qint64(1)) << QVariant(true) << QString();
        QTest::newRow("bool from int 0") << R"("bool")" << QVariant(int(0)) << QVariant(false) << QString();
        QTest::newRow("bool maybe") << R"("bool")" << QVariant("maybe") << QVariant() << notBool.arg(R"("maybe")");
        QTest::newRow("bool int 2") << R"("bool")" << QVariant(qint64(2)) << QVariant() << notBool.arg(R"("2")");
        QTest::newRow("bool empty") << R"("bool")" << QVariant("") << QVariant() << notBool.arg(R"("")");

        // date
        const QString notDate = QStringLiteral("%1 is not a date (YYYY-MM-DD) or a timestamp");
        QTest::newRow("date from QDate") << R"("date")" << QVariant(QDate(2024, 3, 5)) << QVariant(QDate(2024, 3, 5))
                                         << QString();
        QTest::newRow("date from text") << R"("date")" << QVariant("2024-03-05") << QVariant(QDate(2024, 3, 5))
                                        << QString();
        QTest::newRow("date from padded text")
            << R"("date")" << QVariant(" 2024-03-05 ") << QVariant(QDate(2024, 3, 5)) << QString();
        QTest::newRow("date from midnight UTC")
            << R"("date")" << utc(2024, 3, 5) << QVariant(QDate(2024, 3, 5)) << QString();
        QTest::newRow("date from midnight text")
            << R"("date")" << QVariant("2024-03-05T00:00:00Z") << QVariant(QDate(2024, 3, 5)) << QString();
        // A timestamp's calendar date: in UTC, or in the zone the transform names; a timestamp
        // without an offset is a wall-clock time, so its own date.
        QTest::newRow("date from timestamp with time")
            << R"("date")" << utc(2024, 3, 5, 14, 22, 10) << QVariant(QDate(2024, 3, 5)) << QString();
        QTest::newRow("date from text with time")
            << R"("date")" << QVariant("2024-03-05 14:22:10") << QVariant(QDate(2024, 3, 5)) << QString();
        QTest::newRow("date from text with offset")
            << R"("date")" << QVariant("2021-10-18T23:33:00-04:00") << QVariant(QDate(2021, 10, 19)) << QString();
        QTest::newRow("date midnight elsewhere")
            << R"("date")" << QVariant(QDateTime(QDate(2024, 3, 5), QTime(0, 0), Qt::OffsetFromUTC, 3600))
            << QVariant(QDate(2024, 3, 4)) << QString();
        QTest::newRow("date in a time zone") << R"({"date": {"timeZone": "Europe/Paris"}})"
                                             << utc(2024, 3, 5, 23, 30, 0) << QVariant(QDate(2024, 3, 6)) << QString();
        QTest::newRow("date naive text in a time zone")
            << R"({"date": {"timeZone": "Europe/Paris"}})" << QVariant("2024-03-05 23:30:00")
            << QVariant(QDate(2024, 3, 5)) << QString();
        QTest::newRow("date impossible day")
            << R"("date")" << QVariant("2024-02-30") << QVariant() << notDate.arg(R"("2024-02-30")");
        QTest::newRow("date day first") << R"("date")" << QVariant("05/03/2024") << QVariant()
                                        << notDate.arg(R"("05/03/2024")");
        QTest::newRow("date trailing text")
            << R"("date")" << QVariant("2024-03-05x") << QVariant() << notDate.arg(R"("2024-03-05x")");
        QTest::newRow("date number") << R"("date")" << QVariant(qint64(20240305)) << QVariant()
                                     << notDate.arg(R"("20240305")");

        // datetime: to UTC; naive timestamps are read in the transform's zone (UTC unless set)
        const QString ny = QStringLiteral(R"({"datetime": {"timeZone": "America/New_York"}})");
        const QString notTs = QStringLiteral("%1 is not a timestamp (YYYY-MM-DD HH:MM:SS[Z|±HH:MM])");
        QTest::newRow("datetime offset") << R"("datetime")" << QVariant("2024-03-05T14:22:10+02:00")
                                         << utc(2024, 3, 5, 12, 22, 10) << QString();
        QTest::newRow("datetime compact negative offset")
            << R"("datetime")" << QVariant("2024-03-05 14:22:10 -0530") << utc(2024, 3, 5, 19, 52, 10) << QString();
        QTest::newRow("datetime hour-only offset")
            << R"("datetime")" << QVariant("2024-03-05T01:00:00+03") << utc(2024, 3, 4, 22) << QString();
        QTest::newRow("datetime Z with ms")
            << R"("datetime")" << QVariant("2024-03-05T14:22:10.123Z") << utc(2024, 3, 5, 14, 22, 10, 123) << QString();
        QTest::newRow("datetime nanoseconds cut to ms") << R"("datetime")" << QVariant("2024-03-05T14:22:10.123456789Z")
                                                        << utc(2024, 3, 5, 14, 22, 10, 123) << QString();
        QTest::newRow("datetime minutes only")
            << R"("datetime")" << QVariant("2024-03-05T14:22") << utc(2024, 3, 5, 14, 22) << QString();
        QTest::newRow("datetime naive is UTC by default")
            << R"("datetime")" << QVariant("2024-03-05 14:22:10") << utc(2024, 3, 5, 14, 22, 10) << QString();
        QTest::newRow("datetime naive New York winter")
            << ny << QVariant("2024-01-15 09:00:00") << utc(2024, 1, 15, 14) << QString();
        QTest::newRow("datetime naive New York summer")
            << ny << QVariant("2024-07-15 09:00:00") << utc(2024, 7, 15, 13) << QString();
        // The spring-forward gap: 02:00–03:00 does not exist in Paris on 31 March 2024. A time in
        // it moves forward by the gap, as java.time does: 02:30 is read as 03:30 CEST.
        const QString paris = QStringLiteral(R"({"datetime": {"timeZone": "Europe/Paris"}})");
        QTest::newRow("datetime before the gap")
            << paris << QVariant("2024-03-31 01:59") << utc(2024, 3, 31, 0, 59) << QString();
        QTest::newRow("datetime in the gap")
            << paris << QVariant("2024-03-31 02:30") << utc(2024, 3, 31, 1, 30) << QString();
        QTest::newRow("datetime after the gap")
            << paris << QVariant("2024-03-31 03:00") << utc(2024, 3, 31, 1, 0) << QString();
        QTest::newRow("datetime date in a gap") // Santiago skipped midnight on 8 September 2024
            << R"({"datetime": {"timeZone": "America/Santiago"}})" << QVariant("2024-09-08") << utc(2024, 9, 8, 4)
            << QString();
        QTest::newRow("datetime offset beats zone")
            << ny << QVariant("2024-07-15T09:00:00Z") << utc(2024, 7, 15, 9) << QString();
        QTest::newRow("datetime date text")
            << R"("datetime")" << QVariant("2024-03-05") << utc(2024, 3, 5) << QString();
        QTest::newRow("datetime QDate is midnight UTC")
            << R"("datetime")" << QVariant(QDate(2024, 3, 5)) << utc(2024, 3, 5) << QString();
        QTest::newRow("datetime QDate New York midnight")
            << ny << QVariant(QDate(2024, 1, 15)) << utc(2024, 1, 15, 5) << QString();
        QTest::newRow("datetime QDateTime to UTC")
            << R"("datetime")" << QVariant(QDateTime(QDate(2024, 3, 5), QTime(14, 0), Qt::OffsetFromUTC, 3600))
            << utc(2024, 3, 5, 13) << QString();
        QTest::newRow("datetime word") << R"("datetime")" << QVariant("yesterday") << QVariant()
                                       << notTs.arg(R"("yesterday")");
        QTest::newRow("datetime hour 25") << R"("datetime")" << QVariant("2024-03-05T25:00:00Z") << QVariant()
                                          << notTs.arg(R"("2024-03-05T25:00:00Z")");
        QTest::newRow("datetime offset out of range") << R"("datetime")" << QVariant("2024-03-05T10:00:00+99:00")
                                                      << QVariant() << notTs.arg(R"("2024-03-05T10:00:00+99:00")");
        QTest::newRow("datetime offset minutes out of range")
            << R"("datetime")" << QVariant("2024-03-05T10:00:00+01:75") << QVariant()
            << notTs.arg(R"("2024-03-05T10:00:00+01:75")");
        QTest::newRow("datetime largest offset")
            << R"("datetime")" << QVariant("2024-03-05T14:00:00+14:00") << utc(2024, 3, 5) << QString();
        QTest::newRow("datetime impossible date")
            << R"("datetime")" << QVariant("2024-02-30 10:00") << QVariant() << notTs.arg(R"("2024-02-30 10:00")");

        // dateFormat: dates as they are, timestamps in UTC
        QTest::newRow("dateFormat QDate")
            << R"({"dateFormat": "dd/MM/yyyy"})" << QVariant(QDate(2024, 3, 5)) << QVariant("05/03/2024") << QString();
        QTest::newRow("dateFormat timestamp text in UTC")
            << R"({"dateFormat": "yyyy-MM-dd HH:mm"})" << QVariant("2024-03-05T23:30:00+02:00")
            << QVariant("2024-03-05 21:30") << QString();
        QTest::newRow("dateFormat QDateTime") << R"({"dateFormat": "yyyyMMdd'T'HHmmss"})" << utc(2024, 3, 5, 8, 9, 10)
                                              << QVariant("20240305T080910") << QString();
        QTest::newRow("dateFormat garbage")
            << R"({"dateFormat": "dd/MM/yyyy"})" << QVariant("soon") << QVariant() << notTs.arg(R"("soon")");

        // default: only NULL is replaced
        QTest::newRow("default keeps empty text")
            << R"({"default": "n/a"})" << QVariant("") << QVariant("") << QString();
        QTest::newRow("default keeps value") << R"({"default": "n/a"})" << QVariant("x") << QVariant("x") << QString();
        QTest::newRow("default keeps zero")
            << R"({"default": 5})" << QVariant(qint64(0)) << QVariant(qint64(0)) << QString();

        // split / join
        QTest::newRow("split trims and drops empties")
            << R"({"split": ";"})" << QVariant("a; b;;c ; ") << list({"a", "b", "c"}) << QString();
        QTest::newRow("split multi-char separator")
            << R"({"split": " | "})" << QVariant("x | y") << list({"x", "y"}) << QString();
        QTest::newRow("split without separator")
            << R"({"split": ","})" << QVariant("solo") << list({"solo"}) << QString();
        QTest::newRow("split empty text") << R"({"split": ","})" << QVariant("") << list({}) << QString();
        QTest::newRow("split list unchanged") << R"({"split": ","})" << list({"a,b"}) << list({"a,b"}) << QString();
        QTest::newRow("join list") << R"({"join": ", "})" << list({"a", "b"}) << QVariant("a, b") << QString();
        QTest::newRow("join text unchanged") << R"({"join": ";"})" << QVariant("x") << QVariant("x") << QString();
        QTest::newRow("join number to text") << R"({"join": ";"})" << QVariant(qint64(3)) << QVariant("3") << QString();
    }

    void apply()
    {
        QFETCH(QString, json);
        QFETCH(QVariant, input);
        QFETCH(QVariant, expected);
        QFETCH(QString, error);
        const auto t = Transform::parse(spec(json));
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
        const auto result = t->apply(input);
        if (error.isEmpty()) {
            QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
            compareValue(result.value(), expected);
        } else {
            QVERIFY2(!result.ok(),
                qPrintable(
                    QStringLiteral("applied and gave %1").arg(result.ok() ? valueText(result.value()) : QString())));
            QCOMPARE(result.error().message, error);
        }
    }

    void nullPassesThrough_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QVariant>("null");
        const QVariant kinds[] = {QVariant(), QVariant::fromValue(nullptr)};
        const char* kindNames[] = {"invalid", "nullptr"};
        for (int k = 0; k < 2; ++k) {
            for (const char* json : {R"("trim")", R"("lower")", R"("upper")", R"("number")", R"("integer")",
                     R"("bool")", R"("date")", R"("datetime")", R"({"datetime": {"timeZone": "Asia/Tokyo"}})",
                     R"({"dateFormat": "dd/MM/yyyy"})", R"({"split": ";"})", R"({"join": ";"})"})
                QTest::addRow("%s %s", json, kindNames[k]) << QString::fromLatin1(json) << kinds[k];
        }
    }

    void nullPassesThrough()
    {
        QFETCH(QString, json);
        QFETCH(QVariant, null);
        const auto t = Transform::parse(spec(json));
        QVERIFY(t.ok());
        const auto result = t->apply(null);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QVERIFY(isNull(result.value()));
    }

    void defaultReplacesNull_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QVariant>("expected");
        QTest::newRow("text") << R"({"default": "n/a"})" << QVariant("n/a");
        QTest::newRow("whole number") << R"({"default": 0})" << QVariant(qint64(0));
        QTest::newRow("fraction") << R"({"default": 0.5})" << QVariant(0.5);
        QTest::newRow("bool") << R"({"default": false})" << QVariant(false);
        QTest::newRow("empty text") << R"({"default": ""})" << QVariant("");
    }

    void defaultReplacesNull()
    {
        QFETCH(QString, json);
        QFETCH(QVariant, expected);
        const auto t = Transform::parse(spec(json));
        QVERIFY(t.ok());
        for (const QVariant& null : {QVariant(), QVariant::fromValue(nullptr)}) {
            const auto result = t->apply(null);
            QVERIFY(result.ok());
            compareValue(result.value(), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestTransform)
#include "tst_transform.moc"
