#include "models/schedule/CronExpression.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Ebb;

namespace {

QDateTime utc(const char* iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t;
}

} // namespace

class TestCron : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");

        QTest::newRow("four fields") << "*/15 * * *"
                                     << "cron: expected 5 fields, found 4";
        QTest::newRow("six fields") << "0 0 * * * *"
                                    << "cron: expected 5 fields, found 6";
        QTest::newRow("empty") << "   "
                               << "cron: expected 5 fields, found 0";
        QTest::newRow("minute 60") << "60 * * * *"
                                   << "cron field 1 (minute): 60 is out of range 0-59";
        QTest::newRow("hour 24") << "0 24 * * *"
                                 << "cron field 2 (hour): 24 is out of range 0-23";
        QTest::newRow("day 0") << "0 0 0 * *"
                               << "cron field 3 (day of month): 0 is out of range 1-31";
        QTest::newRow("day 32 in a list") << "0 0 1,32 * *"
                                          << "cron field 3 (day of month): 32 is out of range 1-31";
        QTest::newRow("month 13") << "0 0 1 13 *"
                                  << "cron field 4 (month): 13 is out of range 1-12";
        QTest::newRow("weekday 8") << "0 0 * * 8"
                                   << "cron field 5 (day of week): 8 is out of range 0-7";
        QTest::newRow("range end out of range") << "0 20-25 * * *"
                                                << "cron field 2 (hour): 25 is out of range 0-23";
        QTest::newRow("huge number") << "0 99999999999 * * *"
                                     << "cron field 2 (hour): 99999999999 is out of range 0-23";
        QTest::newRow("unknown month") << "0 0 1 foo *"
                                       << "cron field 4 (month): \"foo\" is not a month (1-12 or jan-dec)";
        QTest::newRow("full month name") << "0 0 1 january *"
                                         << "cron field 4 (month): \"january\" is not a month (1-12 or jan-dec)";
        QTest::newRow("unknown weekday")
            << "0 0 * * funday"
            << "cron field 5 (day of week): \"funday\" is not a day of the week (0-7 or sun-sat)";
        QTest::newRow("name in minutes") << "jan * * * *"
                                         << "cron field 1 (minute): \"jan\" is not a number";
        QTest::newRow("weekday name in months") << "0 0 1 mon *"
                                                << "cron field 4 (month): \"mon\" is not a month (1-12 or jan-dec)";
        QTest::newRow("quartz question mark") << "0 0 ? * *"
                                              << "cron field 3 (day of month): \"?\" is not a number";
        QTest::newRow("quartz L") << "0 0 L * *"
                                  << "cron field 3 (day of month): \"L\" is not a number";
        QTest::newRow("backwards range")
            << "0 0 * * fri-mon"
            << "cron field 5 (day of week): the range \"fri-mon\" runs backwards; write the low end first";
        QTest::newRow("backwards numbers")
            << "50-10 * * * *"
            << "cron field 1 (minute): the range \"50-10\" runs backwards; write the low end first";
        QTest::newRow("dangling dash") << "1- * * * *"
                                       << "cron field 1 (minute): \"1-\" is not a value or a range such as 1-5";
        QTest::newRow("negative") << "-5 * * * *"
                                  << "cron field 1 (minute): \"-5\" is not a value or a range such as 1-5";
        QTest::newRow("two dashes") << "1-2-3 * * * *"
                                    << "cron field 1 (minute): \"1-2-3\" is not a value or a range such as 1-5";
        QTest::newRow("star in a range") << "*-5 * * * *"
                                         << "cron field 1 (minute): \"*\" is not a number";
        QTest::newRow("empty list item") << "1,,2 * * * *"
                                         << "cron field 1 (minute): empty item in the list \"1,,2\"";
        QTest::newRow("trailing comma") << "0 0 * * mon,"
                                        << "cron field 5 (day of week): empty item in the list \"mon,\"";
        QTest::newRow("step 0") << "*/0 * * * *"
                                << "cron field 1 (minute): the step in \"*/0\" must be at least 1";
        QTest::newRow("step missing") << "*/ * * * *"
                                      << "cron field 1 (minute): \"*/\" needs a number after '/'";
        QTest::newRow("step not a number") << "0 */x * * *"
                                           << "cron field 2 (hour): the step \"x\" in \"*/x\" is not a number";
        QTest::newRow("step is a name") << "0 0 * */feb *"
                                        << "cron field 4 (month): the step \"feb\" in \"*/feb\" is not a number";
        QTest::newRow("two steps") << "*/5/2 * * * *"
                                   << "cron field 1 (minute): \"*/5/2\" has more than one '/'";
        QTest::newRow("step past the hour")
            << "*/90 * * * *"
            << "cron field 1 (minute): the step 90 is larger than the field's range 0-59; steps do not carry over into "
               "the next hour or day (for a fixed interval use {\"every\": \"90m\"})";
    }

    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto cron = CronExpression::parse(text);
        QVERIFY2(!cron, qPrintable(text));
        QCOMPARE(cron.error().message, message);
        QCOMPARE(cron.error().category, Error::Category::Config);
    }

    void parseAccepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("all stars") << "* * * * *";
        QTest::newRow("tabs and extra spaces") << "  0\t9  *   * \t mon-fri ";
        QTest::newRow("upper-case names") << "0 0 1 JAN-Mar SUN,Sat";
        QTest::newRow("leading zeros") << "05 09 01 02 00";
        QTest::newRow("7 is Sunday") << "0 0 * * 5-7";
        QTest::newRow("name range with step") << "0 0 1 jan-dec/3 *";
        QTest::newRow("largest steps") << "*/59 */23 */30 */11 */7";
    }

    void parseAccepts()
    {
        QFETCH(QString, text);
        const auto cron = CronExpression::parse(text);
        QVERIFY2(cron.ok(), qPrintable(cron.ok() ? QString() : cron.error().message));
        QCOMPARE(cron->text(), text.simplified());
    }

    void next_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QDateTime>("after");
        QTest::addColumn<QDateTime>("expected"); // invalid: no fire time within five years

        // 2024-01-15 is a Monday.
        QTest::newRow("every minute") << "* * * * *" << utc("2024-01-15T10:07:30Z") << utc("2024-01-15T10:08:00Z");
        QTest::newRow("strictly after a matching minute")
            << "* * * * *" << utc("2024-01-15T10:07:00Z") << utc("2024-01-15T10:08:00Z");
        QTest::newRow("milliseconds dropped")
            << "8 * * * *" << utc("2024-01-15T10:07:59.999Z") << utc("2024-01-15T10:08:00Z");
        QTest::newRow("every 15 minutes")
            << "*/15 * * * *" << utc("2024-01-15T10:07:30Z") << utc("2024-01-15T10:15:00Z");
        QTest::newRow("step from an offset")
            << "5/15 * * * *" << utc("2024-01-15T10:07:30Z") << utc("2024-01-15T10:20:00Z");
        QTest::newRow("range with step, next hour")
            << "10-50/10 * * * *" << utc("2024-01-15T10:51:00Z") << utc("2024-01-15T11:10:00Z");
        QTest::newRow("list") << "1,5,9 * * * *" << utc("2024-01-15T10:05:00Z") << utc("2024-01-15T10:09:00Z");
        QTest::newRow("hour step") << "0 */6 * * *" << utc("2024-01-15T10:07:00Z") << utc("2024-01-15T12:00:00Z");
        QTest::newRow("hour range, next day")
            << "0 9-17 * * *" << utc("2024-01-15T17:00:00Z") << utc("2024-01-16T09:00:00Z");
        QTest::newRow("daily at midnight") << "0 0 * * *" << utc("2024-01-15T10:07:30Z") << utc("2024-01-16T00:00:00Z");
        QTest::newRow("weekdays over a weekend")
            << "30 8 * * mon-fri" << utc("2024-01-19T09:00:00Z") << utc("2024-01-22T08:30:00Z");
        QTest::newRow("7 is Sunday") << "0 0 * * 7" << utc("2024-01-15T10:00:00Z") << utc("2024-01-21T00:00:00Z");
        QTest::newRow("0 is Sunday") << "0 0 * * sun" << utc("2024-01-15T10:00:00Z") << utc("2024-01-21T00:00:00Z");
        QTest::newRow("weekday step") << "0 0 * * */2" << utc("2024-01-15T10:00:00Z") << utc("2024-01-16T00:00:00Z");
        QTest::newRow("month names, any case")
            << "0 12 1 FEB,mar *" << utc("2024-01-15T10:00:00Z") << utc("2024-02-01T12:00:00Z");
        // Both day fields restricted: either one matches (Vixie cron).
        QTest::newRow("day or weekday: the Friday")
            << "0 0 13 * fri" << utc("2024-01-01T00:00:00Z") << utc("2024-01-05T00:00:00Z");
        QTest::newRow("day or weekday: the 13th")
            << "0 0 13 * fri" << utc("2024-01-12T00:00:00Z") << utc("2024-01-13T00:00:00Z");
        QTest::newRow("day or weekday within one month")
            << "0 0 29 2 mon" << utc("2024-01-15T10:00:00Z") << utc("2024-02-05T00:00:00Z");
        // A day field that starts with '*' leaves the choice to the other: both must match.
        QTest::newRow("*/2 days and Monday")
            << "0 0 */2 * 1" << utc("2024-01-15T10:00:00Z") << utc("2024-01-29T00:00:00Z");
        QTest::newRow("13th only") << "0 0 13 * *" << utc("2024-01-15T10:00:00Z") << utc("2024-02-13T00:00:00Z");
        QTest::newRow("31st skips short months")
            << "0 0 31 * *" << utc("2024-01-31T00:00:00Z") << utc("2024-03-31T00:00:00Z");
        QTest::newRow("into February") << "0 0 * 2 *" << utc("2024-01-31T12:00:00Z") << utc("2024-02-01T00:00:00Z");
        QTest::newRow("29 February this year")
            << "0 0 29 2 *" << utc("2024-01-15T10:00:00Z") << utc("2024-02-29T00:00:00Z");
        QTest::newRow("29 February, next leap year")
            << "0 0 29 2 *" << utc("2024-03-01T00:00:00Z") << utc("2028-02-29T00:00:00Z");
        QTest::newRow("28 February, non-leap")
            << "0 0 28 2 *" << utc("2023-02-28T00:00:00Z") << utc("2024-02-28T00:00:00Z");
        QTest::newRow("2100 is no leap year")
            << "0 0 29 2 *" << utc("2096-03-01T00:00:00Z") << QDateTime(); // 2104: 8 years
        QTest::newRow("yearly, over New Year")
            << "0 0 1 1 *" << utc("2024-01-15T10:00:00Z") << utc("2025-01-01T00:00:00Z");
        QTest::newRow("last minute of the year")
            << "59 23 31 12 *" << utc("2024-12-31T23:59:00Z") << utc("2025-12-31T23:59:00Z");
        QTest::newRow("minute rollover into a new year")
            << "* * * * *" << utc("2024-12-31T23:59:59Z") << utc("2025-01-01T00:00:00Z");
        QTest::newRow("local time is read as UTC")
            << "0 9 * * *" << utc("2024-01-15T10:07:30+02:00") << utc("2024-01-15T09:00:00Z");
        QTest::newRow("30 February never") << "0 0 30 2 *" << utc("2024-01-15T10:00:00Z") << QDateTime();
        QTest::newRow("31st of 30-day months never")
            << "0 0 31 4,6,9,11 *" << utc("2024-01-15T10:00:00Z") << QDateTime();
        // '*/7' starts with '*': 29 February AND a Sunday, which 2004 has and 2024-2029 do not.
        QTest::newRow("29 February on a Sunday")
            << "0 0 29 2 */7" << utc("2003-03-01T00:00:00Z") << utc("2004-02-29T00:00:00Z");
        QTest::newRow("29 February on a Sunday, not within five years")
            << "0 0 29 2 */7" << utc("2024-01-15T10:00:00Z") << QDateTime();
    }

    void next()
    {
        QFETCH(QString, expression);
        QFETCH(QDateTime, after);
        QFETCH(QDateTime, expected);
        const auto cron = CronExpression::parse(expression);
        QVERIFY2(cron.ok(), qPrintable(cron.ok() ? QString() : cron.error().message));
        const QDateTime next = cron->next(after);
        if (!expected.isValid()) {
            QVERIFY2(!next.isValid(), qPrintable(next.toString(Qt::ISODate)));
            return;
        }
        QCOMPARE(next, expected);
        QCOMPARE(next.timeSpec(), Qt::UTC);
        QVERIFY(cron->matches(next));
        QVERIFY(next > after);
    }

    void nextOfInvalidTimeIsInvalid()
    {
        QVERIFY(!CronExpression::parse(QStringLiteral("* * * * *"))->next(QDateTime()).isValid());
        QVERIFY(!CronExpression().next(utc("2024-01-15T10:00:00Z")).isValid());
    }

    // next() skips months, days and hours; a walk minute by minute with matches() must agree.
    void nextAgreesWithMinuteByMinuteSearch_data()
    {
        QTest::addColumn<QString>("expression");
        for (const char* e : {"*/7 3-5 * * *", "0 0 1,15 * mon", "45 23 * * sat", "0 12 */10 * *",
                 "15,45 */5 * feb-apr 1-5", "0 0 31 * 0", "59 23 28-31 * *"})
            QTest::newRow(e) << QString::fromLatin1(e);
    }

    void nextAgreesWithMinuteByMinuteSearch()
    {
        QFETCH(QString, expression);
        const auto cron = CronExpression::parse(expression);
        QVERIFY(cron.ok());
        QDateTime t = utc("2024-01-29T22:13:00Z");
        for (int fires = 0; fires < 20; ++fires) {
            const QDateTime next = cron->next(t);
            QVERIFY(next.isValid());
            QDateTime walk = t.addSecs(60);
            while (!cron->matches(walk))
                walk = walk.addSecs(60);
            QCOMPARE(next, walk);
            t = next;
        }
    }

    void neverFires_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("never");
        QTest::newRow("30 February") << "0 0 30 2 *" << true;
        QTest::newRow("31 April") << "0 0 31 apr *" << true;
        QTest::newRow("29 February") << "0 0 29 2 *" << false;
        QTest::newRow("30 February or Mondays") << "0 0 30 2 mon" << false;
        QTest::newRow("29 February on a Sunday") << "0 0 29 2 */7" << false;
        QTest::newRow("1 or 29 February on a Monday") << "0 0 */28 2 mon" << false; // none in 2000-2005; 2010 has one
        QTest::newRow("31st of 30-day months") << "0 0 31 4,6,9,11 *" << true;
        QTest::newRow("every minute") << "* * * * *" << false;
    }

    void neverFires()
    {
        QFETCH(QString, expression);
        QFETCH(bool, never);
        QCOMPARE(CronExpression::parse(expression)->neverFires(), never);
    }

    // The search jumps; even expressions that never fire answer quickly.
    void nextIsFast()
    {
        const auto never = CronExpression::parse(QStringLiteral("0 0 30 2 *"));
        const auto rare = CronExpression::parse(QStringLiteral("59 23 29 2 *"));
        QElapsedTimer timer;
        timer.start();
        QDateTime t = utc("2024-01-15T10:00:00Z");
        for (int i = 0; i < 1000; ++i) {
            QVERIFY(!never->next(t).isValid());
            QVERIFY(rare->next(t).isValid());
        }
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QStringLiteral("%1 ms for 2000 searches").arg(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestCron)
#include "tst_cron.moc"
