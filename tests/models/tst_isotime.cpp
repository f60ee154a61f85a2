#include "models/IsoTime.h"

#include <QTest>

using namespace Ebb;

// The ISO 8601 shapes warehouses write: dates, timestamps with a space or a T, fractions of
// any length (to the millisecond), Z or an offset in three spellings; anything else is no date.
class TestIsoTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected"); // invalid: refused
        const QDateTime base(QDate(2024, 3, 5), QTime(14, 22, 10), Qt::UTC);
        QTest::newRow("space") << "2024-03-05 14:22:10" << base;
        QTest::newRow("T") << "2024-03-05T14:22:10" << base;
        QTest::newRow("Z") << "2024-03-05T14:22:10Z" << base;
        QTest::newRow("millis") << "2024-03-05 14:22:10.123" << base.addMSecs(123);
        QTest::newRow("micros cut to millis") << "2024-03-05 14:22:10.123456" << base.addMSecs(123);
        QTest::newRow("one digit") << "2024-03-05 14:22:10.5" << base.addMSecs(500);
        QTest::newRow("+02:00") << "2024-03-05 16:22:10+02:00" << base;
        QTest::newRow("+0200") << "2024-03-05 16:22:10+0200" << base;
        QTest::newRow("+02") << "2024-03-05 16:22:10+02" << base;
        QTest::newRow("-05:30") << "2024-03-05 08:52:10-05:30" << base;
        QTest::newRow("a date alone is midnight") << "2024-03-05" << QDateTime(QDate(2024, 3, 5), QTime(0, 0), Qt::UTC);
        QTest::newRow("leap day") << "2024-02-29 00:00:00" << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC);
        QTest::newRow("no leap day") << "2023-02-29 00:00:00" << QDateTime();
        QTest::newRow("hour 24") << "2024-03-05 24:00:00" << QDateTime();
        QTest::newRow("minutes missing") << "2024-03-05 14" << QDateTime();
        QTest::newRow("garbage zone") << "2024-03-05 14:22:10 UTC" << QDateTime();
        QTest::newRow("MySQL zero date") << "0000-00-00 00:00:00" << QDateTime();
        QTest::newRow("empty") << "" << QDateTime();
    }

    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QByteArray utf8 = text.toUtf8();
        const auto parsed = IsoTime::parseTimestamp(std::string_view(utf8.constData(), size_t(utf8.size())));
        QCOMPARE(parsed.has_value(), expected.isValid());
        if (parsed) {
            QCOMPARE(*parsed, expected);
            QCOMPARE(parsed->timeSpec(), Qt::UTC);
        }
    }

    void dates()
    {
        QCOMPARE(IsoTime::parseDate("2024-03-05"), std::optional<QDate>(QDate(2024, 3, 5)));
        QVERIFY(!IsoTime::parseDate("2024-3-5"));
        QVERIFY(!IsoTime::parseDate("2024-03-05 00:00:00")); // a timestamp is not a date
        QVERIFY(!IsoTime::parseDate("2024-13-01"));
    }
};

QTEST_GUILESS_MAIN(TestIsoTime)
#include "tst_isotime.moc"
