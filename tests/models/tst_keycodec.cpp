#include "models/mapping/KeyCodec.h"
#include "models/mapping/MicroTime.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>

using namespace Ebb;

// Journaled keys sort (memcmp) the way the warehouse orders the key column, and read back as
// the text users know them by.
class TestKeyCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void integersSortAsNumbers()
    {
        QList<qint64> values{std::numeric_limits<qint64>::min(), -1000, -10, -2, -1, 0, 1, 2, 9, 10, 100,
            std::numeric_limits<qint64>::max()};
        QRandomGenerator random(42);
        for (int i = 0; i < 2000; ++i)
            values << qint64(random.generate64());
        QList<QByteArray> keys;
        for (const qint64 v : values)
            keys << *KeyCodec::encode(KeyCodec::Order::Integer, QVariant(v));
        std::sort(values.begin(), values.end());
        std::sort(keys.begin(), keys.end()); // QByteArray compares bytes, as SQLite and the diff do
        for (int i = 0; i < values.size(); ++i)
            QCOMPARE(KeyCodec::text(keys[i]), QString::number(values[i]));
    }

    void textIsItsUtf8()
    {
        QCOMPARE(*KeyCodec::encode(KeyCodec::Order::Text, QVariant(QStringLiteral("Zoë"))), QByteArray("Zo\xc3\xab"));
        QCOMPARE(*KeyCodec::encode(KeyCodec::Order::Text, QVariant(qint64(10))), QByteArray("10"));
        QCOMPARE(KeyCodec::text("Zo\xc3\xab"), QStringLiteral("Zoë"));
        QCOMPARE(KeyCodec::text(QByteArray()), QString());
    }

    void nullHasNoKey()
    {
        QVERIFY(!KeyCodec::encode(KeyCodec::Order::Integer, QVariant()));
        QVERIFY(!KeyCodec::encode(KeyCodec::Order::Text, QVariant()));
    }

    void otherCellsInAnIntegerColumnSortAsSqliteSortsThem()
    {
        // SQLite types cells, not columns: numbers by value (1.5 between 1 and 2, and 2.0 equal
        // to 2), then text, then blobs.
        using KeyCodec::Order;
        const auto key = [](const QVariant& v) { return *KeyCodec::encode(Order::Integer, v); };
        const QList<QVariant> ascending{qint64(-2), -1.5, qint64(-1), -0.25, qint64(0), 1e-3, qint64(1), 1.5, 1.75,
            qint64(2), std::numeric_limits<qint64>::max(), QStringLiteral("10"), QStringLiteral("abc"),
            QByteArray("\x00\x01", 2), QByteArray("\xff")};
        for (int i = 1; i < ascending.size(); ++i)
            QVERIFY2(key(ascending[i - 1]) < key(ascending[i]), qPrintable(QStringLiteral("at %1").arg(i)));
        QCOMPARE(key(2.0), key(qint64(2)));
        QCOMPARE(KeyCodec::text(key(-1.5)), QStringLiteral("-1.5"));
        QCOMPARE(KeyCodec::text(key(1.75)), QStringLiteral("1.75"));
        QCOMPARE(KeyCodec::text(key(QStringLiteral("abc"))), QStringLiteral("abc"));
        QCOMPARE(KeyCodec::text(key(QByteArray("raw"))), QStringLiteral("\\x726177")); // as bytea text
        // Not a value anyone sorts keys by, but still a key: as text, after the numbers.
        QVERIFY(key(qint64(5)) < key(std::numeric_limits<double>::infinity()));
    }

    void reencodeBetweenOrders()
    {
        using KeyCodec::Order;
        QCOMPARE(KeyCodec::reencode("123", Order::Integer), *KeyCodec::encode(Order::Integer, QVariant(qint64(123))));
        QCOMPARE(KeyCodec::reencode("-7", Order::Integer), *KeyCodec::encode(Order::Integer, QVariant(qint64(-7))));
        // Not how an integer is written: the warehouse cannot send it as one.
        QCOMPARE(KeyCodec::text(KeyCodec::reencode("0123", Order::Integer)), QStringLiteral("0123"));
        QVERIFY(KeyCodec::reencode("0123", Order::Integer) != *KeyCodec::encode(Order::Integer, QVariant(qint64(123))));
        QCOMPARE(
            KeyCodec::reencode(*KeyCodec::encode(Order::Integer, QVariant(qint64(-7))), Order::Text), QByteArray("-7"));
        QCOMPARE(KeyCodec::reencode("abc", Order::Text), QByteArray("abc"));
        QCOMPARE(KeyCodec::orderFromName(KeyCodec::orderName(Order::Integer)), std::optional<Order>(Order::Integer));
        QVERIFY(!KeyCodec::orderFromName(QStringLiteral("roman")));
    }

    // The value orders: memcmp of the keys is the warehouse's order, and keys it tells apart
    // stay apart (the µs, the float, the byte that used to be lost).
    static void expectAscending(KeyCodec::Order order, const QList<QVariant>& ascending)
    {
        for (int i = 1; i < ascending.size(); ++i) {
            const QByteArray a = *KeyCodec::encode(order, ascending[i - 1]);
            const QByteArray b = *KeyCodec::encode(order, ascending[i]);
            QVERIFY2(a < b, qPrintable(QStringLiteral("%1 is not below %2").arg(KeyCodec::text(a), KeyCodec::text(b))));
        }
    }

    void doublesSortAsPostgresSortsThem()
    {
        using KeyCodec::Order;
        const double inf = std::numeric_limits<double>::infinity();
        expectAscending(Order::Double,
            {-inf, -1e300, -1e20, -1.5, -std::numeric_limits<double>::denorm_min(), 0.0, 1e-300, 0.1, 1.0,
                9007199254740993.0, 1e20, 1e300, inf, std::numeric_limits<double>::quiet_NaN()});
        const auto key = [](double d) { return *KeyCodec::encode(Order::Double, QVariant(d)); };
        QCOMPARE(key(-0.0), key(0.0));
        QCOMPARE(key(std::nan("1")), key(-std::numeric_limits<double>::quiet_NaN()));
        QCOMPARE(KeyCodec::text(key(1e20)), QStringLiteral("1e+20"));
        QCOMPARE(KeyCodec::text(key(std::nan(""))), QStringLiteral("NaN"));
        QCOMPARE(KeyCodec::text(key(-inf)), QStringLiteral("-Infinity"));
        QCOMPARE(*KeyCodec::encode(Order::Double, QVariant(qint64(3))), key(3.0));
        QVERIFY(key(inf) < *KeyCodec::encode(Order::Double, QVariant(QStringLiteral("text"))));
        QRandomGenerator random(7);
        QList<double> values;
        for (int i = 0; i < 2000; ++i)
            values << (random.generateDouble() - 0.5) * std::pow(10.0, random.bounded(-30, 30));
        QList<QByteArray> keys;
        for (double v : values)
            keys << key(v);
        std::sort(values.begin(), values.end());
        std::sort(keys.begin(), keys.end());
        for (int i = 0; i < values.size(); ++i)
            QCOMPARE(keys[i], key(values[i]));
    }

    void numericsSortByValueAtAnyPrecision()
    {
        using KeyCodec::Order;
        const auto key
            = [](const char* text) { return *KeyCodec::encode(Order::Numeric, QVariant(QString::fromLatin1(text))); };
        const QList<QVariant> ascending{QStringLiteral("-Infinity"),
            QStringLiteral("-100000000000000000000000000000.5"), QStringLiteral("-10"),
            QStringLiteral("-9.99999999999999999999"), QStringLiteral("-1.52"), QStringLiteral("-1.5"),
            QStringLiteral("-0.001"), QStringLiteral("0"), QStringLiteral("0.00000000000000000001"),
            QStringLiteral("0.05"), QStringLiteral("0.5"), QStringLiteral("1.5"), QStringLiteral("1.52"),
            QStringLiteral("9"), QStringLiteral("10"), QStringLiteral("12345678901234567890123.25"),
            QStringLiteral("Infinity"), QStringLiteral("NaN")};
        expectAscending(Order::Numeric, ascending);
        QCOMPARE(key("10.00"), key("10")); // one key, as in PostgreSQL's unique index
        QCOMPARE(key("-0.0"), key("0"));
        QCOMPARE(key("007.50"), key("7.5"));
        for (const char* text : {"-1.52", "0.05", "12345678901234567890123.25", "100", "-0.001", "NaN", "-Infinity"})
            QCOMPARE(KeyCodec::text(key(text)), QString::fromLatin1(text));
        QCOMPARE(*KeyCodec::encode(Order::Numeric, QVariant(qint64(100))), key("100"));
    }

    void timestampsKeepMicroseconds()
    {
        using KeyCodec::Order;
        const auto micro = [](qint64 usecs) { return QVariant::fromValue(MicroTime{usecs}); };
        const qint64 base = 1709632800123000LL; // 2024-03-05T10:00:00.123Z
        const QList<QVariant> ascending{QStringLiteral("-infinity"), QStringLiteral("0010-01-01 12:30:00.250+00 BC"),
            QVariant(QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC)), micro(-1),
            QVariant(QDateTime::fromMSecsSinceEpoch(base / 1000, Qt::UTC)), micro(base + 1), micro(base + 2),
            QStringLiteral("294270-06-15 12:00:00.500+00"), QStringLiteral("infinity")};
        expectAscending(Order::Timestamp, ascending);
        QCOMPARE(KeyCodec::text(*KeyCodec::encode(Order::Timestamp, micro(base + 1))),
            QStringLiteral("2024-03-05T10:00:00.123001Z"));
        QCOMPARE(KeyCodec::text(*KeyCodec::encode(Order::Timestamp, ascending[4])),
            QStringLiteral("2024-03-05T10:00:00.123Z"));
        QCOMPARE(KeyCodec::text(*KeyCodec::encode(Order::Timestamp, ascending[1])),
            QStringLiteral("0010-01-01 12:30:00.250000+00 BC"));
        QCOMPARE(KeyCodec::text(*KeyCodec::encode(Order::Timestamp, ascending.last())), QStringLiteral("infinity"));
    }

    void bytesSortAsBytea()
    {
        using KeyCodec::Order;
        expectAscending(Order::Bytes,
            {QByteArray("", 0), QByteArray("\x00", 1), QByteArray("\x00\xff\x10", 3), QByteArray("\xfe", 1),
                QByteArray("\xfe\x00", 2), QByteArray("\xff", 1)});
        QCOMPARE(KeyCodec::text(*KeyCodec::encode(Order::Bytes, QVariant(QByteArray("\x00\xff\x10", 3)))),
            QStringLiteral("\\x00ff10"));
    }

    // Journals written before the value orders hold keys as text: re-encoding finds each one
    // again, so a sync upgraded in place sends nothing twice.
    void textKeysReencodeIntoTheValueOrders()
    {
        using KeyCodec::Order;
        QCOMPARE(KeyCodec::reencode("2024-03-05T10:00:00.123Z", Order::Timestamp),
            *KeyCodec::encode(Order::Timestamp, QVariant(QDateTime::fromMSecsSinceEpoch(1709632800123LL, Qt::UTC))));
        QCOMPARE(KeyCodec::reencode("1e+20", Order::Double), *KeyCodec::encode(Order::Double, QVariant(1e20)));
        QCOMPARE(KeyCodec::reencode("NaN", Order::Double), *KeyCodec::encode(Order::Double, QVariant(std::nan(""))));
        QCOMPARE(KeyCodec::reencode("10.50", Order::Numeric),
            *KeyCodec::encode(Order::Numeric, QVariant(QStringLiteral("10.5"))));
        QCOMPARE(KeyCodec::reencode("\\x00ff", Order::Bytes),
            *KeyCodec::encode(Order::Bytes, QVariant(QByteArray("\x00\xff", 2))));
        QCOMPARE(KeyCodec::reencode("abc", Order::Bytes), *KeyCodec::encode(Order::Bytes, QVariant(QByteArray("abc"))));
        for (Order order : {Order::Double, Order::Numeric, Order::Timestamp, Order::Bytes}) {
            QCOMPARE(KeyCodec::orderFromName(KeyCodec::orderName(order)), std::optional<Order>(order));
            // And back to text, as the user knows the key.
            const QByteArray key = *KeyCodec::encode(
                order, order == Order::Timestamp ? QVariant(QStringLiteral("infinity")) : QVariant(qint64(5)));
            QCOMPARE(KeyCodec::reencode(KeyCodec::reencode(key, Order::Text), order), key);
        }
    }
};

QTEST_GUILESS_MAIN(TestKeyCodec)
#include "tst_keycodec.moc"
