#include "models/Duration.h"
#include "models/ReadPosition.h"

#include <QDateTime>
#include <QTest>
#include <limits>

using namespace Ebb;

// An incremental cursor's value survives the journal: what encode() writes, decode() reads
// back as the same value, and less() orders values as the warehouse does.
class TestReadPosition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("integer") << int(ValueType::Integer) << QVariant(qlonglong(-42)) << QStringLiteral("-42");
        QTest::newRow("large integer") << int(ValueType::Integer) << QVariant(std::numeric_limits<qlonglong>::max())
                                       << QStringLiteral("9223372036854775807");
        QTest::newRow("double") << int(ValueType::Double) << QVariant(0.1) << QStringLiteral("0.10000000000000001");
        QTest::newRow("date") << int(ValueType::Date) << QVariant(QDate(2026, 2, 28)) << QStringLiteral("2026-02-28");
        QTest::newRow("timestamp") << int(ValueType::Timestamp)
                                   << QVariant(QDateTime(QDate(2026, 11, 28), QTime(23, 5, 7, 123), Qt::UTC))
                                   << QStringLiteral("2026-11-28T23:05:07.123Z");
        QTest::newRow("text") << int(ValueType::Text) << QVariant(QStringLiteral("v2026-01 é"))
                              << QStringLiteral("v2026-01 é");
    }

    void roundTrip()
    {
        QFETCH(int, type);
        QFETCH(QVariant, value);
        QFETCH(QString, text);
        const auto t = ValueType(type);
        QCOMPARE(ReadPosition::encode(value, t), text);
        const auto back = ReadPosition::decode(text, t);
        QVERIFY(back.has_value());
        QVERIFY(!ReadPosition::less(*back, value, t) && !ReadPosition::less(value, *back, t));
    }

    void timestampsInOtherZonesAreTheSameInstant()
    {
        const QDateTime paris
            = QDateTime::fromString(QStringLiteral("2026-06-01T12:00:00.500+02:00"), Qt::ISODateWithMs);
        QCOMPARE(ReadPosition::encode(paris, ValueType::Timestamp), QStringLiteral("2026-06-01T10:00:00.500Z"));
    }

    void textThatIsNoValueReadsEverything()
    {
        // A column whose type changed since the position was saved: no position at all.
        QVERIFY(!ReadPosition::decode(QStringLiteral("2026-01-01"), ValueType::Integer));
        QVERIFY(!ReadPosition::decode(QStringLiteral("soon"), ValueType::Timestamp));
        QVERIFY(!ReadPosition::decode(QStringLiteral("12"), ValueType::Bool));
    }

    void ordering()
    {
        QVERIFY(ReadPosition::less(qlonglong(9), qlonglong(10), ValueType::Integer)); // numbers, not text
        QVERIFY(ReadPosition::less(QDate(2025, 12, 31), QDate(2026, 1, 1), ValueType::Date));
        QVERIFY(ReadPosition::less(QStringLiteral("v10"), QStringLiteral("v9"), ValueType::Text)); // text, byte order
        // UTF-8 bytes, as the warehouse compares in the C collation: U+FF5E sorts before U+1F600,
        // though its UTF-16 unit is the larger.
        QVERIFY(ReadPosition::less(QString(QChar(0xFF5E)), QString::fromUtf8("\xF0\x9F\x98\x80"), ValueType::Text));
        // Numerics exactly, past what a double tells apart; trailing zeros change nothing.
        const auto numeric = [](const char* a, const char* b) {
            return ReadPosition::less(QString::fromLatin1(a), QString::fromLatin1(b), ValueType::Numeric);
        };
        QVERIFY(numeric("9007199254740992", "9007199254740993"));
        QVERIFY(!numeric("9007199254740993", "9007199254740992"));
        QVERIFY(numeric("0.1000000000000000000001", "0.1000000000000000000002"));
        QVERIFY(!numeric("10.00", "10") && !numeric("10", "10.00"));
        QVERIFY(numeric("-2", "-1.5") && numeric("-1.5", "0") && numeric("9.99", "10"));
    }

    void durations()
    {
        QCOMPARE(Duration::parseSeconds(QStringLiteral("90s")), std::optional<qint64>(90));
        QCOMPARE(Duration::parseSeconds(QStringLiteral(" 15m ")), std::optional<qint64>(900));
        QCOMPARE(Duration::parseSeconds(QStringLiteral("7d")), std::optional<qint64>(604800));
        QCOMPARE(Duration::parseSeconds(QStringLiteral("99999999999999999999d")),
            std::optional<qint64>(std::numeric_limits<qint64>::max()));
        QVERIFY(!Duration::parseSeconds(QStringLiteral("0m")));
        QVERIFY(!Duration::parseSeconds(QStringLiteral("15 m")));
        QVERIFY(!Duration::parseSeconds(QStringLiteral("1w")));
    }
};

QTEST_GUILESS_MAIN(TestReadPosition)
#include "tst_readposition.moc"
