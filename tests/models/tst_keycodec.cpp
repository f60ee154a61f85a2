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

    void nonIntegersInAnIntegerColumnComeLast()
    {
        // SQLite types cells, not columns: text in an INTEGER column sorts after every number.
        const QByteArray text = *KeyCodec::encode(KeyCodec::Order::Integer, QVariant(QStringLiteral("abc")));
        QVERIFY(*KeyCodec::encode(KeyCodec::Order::Integer, QVariant(std::numeric_limits<qint64>::max())) < text);
        QCOMPARE(KeyCodec::text(text), QStringLiteral("abc"));
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
