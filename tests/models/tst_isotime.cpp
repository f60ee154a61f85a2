#include "models/IsoTime.h"

#include <QTest>
#include <QTimeZone>

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

    // The writers say what Qt::ISODateWithMs says, to the byte, across the whole range: before
    // 1970, leap days, the last millisecond of a day, years 1 and 9999, and past them (Qt's
    // own text); with microseconds, three more digits before the Z.
    void writersAgreeWithQt()
    {
        QList<qint64> instants{0, -1, 1, 86399999, -86400000, 951782400000 /* 2000-02-29 */,
            QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(),
            QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch(),
            QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(),
            QDateTime(QDate(-44, 3, 15), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch()};
        quint64 state = 0x9e3779b97f4a7c15ULL; // a fixed sequence: the same instants every run
        for (int i = 0; i < 20000; ++i) {
            state ^= state << 13, state ^= state >> 7, state ^= state << 17;
            instants << qint64(state % 500000000000000ULL) - 250000000000000LL; // ±7,900 years
        }
        for (const qint64 ms : instants) {
            const QDateTime qt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            QCOMPARE(IsoTime::timestampText(ms), qt.toString(Qt::ISODateWithMs));
            QCOMPARE(IsoTime::timestampText(qt.toTimeZone(QTimeZone(3600 * 5))), qt.toString(Qt::ISODateWithMs));
            QByteArray appended("x");
            IsoTime::appendTimestamp(appended, ms);
            QCOMPARE(appended, "x" + qt.toString(Qt::ISODateWithMs).toUtf8());
            QCOMPARE(IsoTime::dateText(qt.date()), qt.date().toString(Qt::ISODate));
        }
        QCOMPARE(IsoTime::timestampText(1709648530123, 456), QStringLiteral("2024-03-05T14:22:10.123456Z"));
        QCOMPARE(IsoTime::timestampText(-1, 7), QStringLiteral("1969-12-31T23:59:59.999007Z"));
        QCOMPARE(IsoTime::timestampText(QDateTime()), QString());
    }
};

QTEST_GUILESS_MAIN(TestIsoTime)
#include "tst_isotime.moc"
