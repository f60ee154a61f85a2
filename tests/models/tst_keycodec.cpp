#include "models/mapping/KeyCodec.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
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
        const QList<QVariant> ascending{qint64(-2), -1.5, qint64(-1), -0.25, qint64(0), 1e-3, qint64(1), 1.5, 1.75, qint64(2),
                                        std::numeric_limits<qint64>::max(), QStringLiteral("10"), QStringLiteral("abc"),
                                        QByteArray("\x00\x01", 2), QByteArray("\xff")};
        for (int i = 1; i < ascending.size(); ++i)
            QVERIFY2(key(ascending[i - 1]) < key(ascending[i]), qPrintable(QStringLiteral("at %1").arg(i)));
        QCOMPARE(key(2.0), key(qint64(2)));
        QCOMPARE(KeyCodec::text(key(-1.5)), QStringLiteral("-1.5"));
        QCOMPARE(KeyCodec::text(key(1.75)), QStringLiteral("1.75"));
        QCOMPARE(KeyCodec::text(key(QStringLiteral("abc"))), QStringLiteral("abc"));
        QCOMPARE(KeyCodec::text(key(QByteArray("raw"))), QStringLiteral("raw"));
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
        QCOMPARE(KeyCodec::reencode(*KeyCodec::encode(Order::Integer, QVariant(qint64(-7))), Order::Text), QByteArray("-7"));
        QCOMPARE(KeyCodec::reencode("abc", Order::Text), QByteArray("abc"));
        QCOMPARE(KeyCodec::orderFromName(KeyCodec::orderName(Order::Integer)), std::optional<Order>(Order::Integer));
        QVERIFY(!KeyCodec::orderFromName(QStringLiteral("roman")));
    }
};

QTEST_GUILESS_MAIN(TestKeyCodec)
#include "tst_keycodec.moc"
