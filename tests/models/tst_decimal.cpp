#include "models/mapping/Decimal.h"

#include <QTest>

using namespace Ebb;

// Exact decimals: equality is what compare() says ("10.00" is "10"), whatever the texts.
class TestDecimal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void equalityAgreesWithCompare_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("order");
        QTest::newRow("trailing zeros") << "10.00"
                                        << "10" << 0;
        QTest::newRow("leading zeros") << "007.5"
                                       << "7.50" << 0;
        QTest::newRow("signs of zero") << "-0.0"
                                       << "0" << 0;
        QTest::newRow("plus") << "+3.14"
                              << "3.14" << 0;
        QTest::newRow("less") << "-2"
                              << "1.5" << -1;
        QTest::newRow("more by a last digit") << "1.0000000000000000000001"
                                              << "1" << 1;
        QTest::newRow("long integers") << "123456789012345678901234567890"
                                       << "123456789012345678901234567891" << -1;
        QTest::newRow("negatives") << "-10.5"
                                   << "-10.25" << -1;
    }

    void equalityAgreesWithCompare()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, order);
        const auto x = Decimal::parse(a);
        const auto y = Decimal::parse(b);
        QVERIFY(x && y);
        const int compared = Decimal::compare(*x, *y);
        QCOMPARE((compared > 0) - (compared < 0), order);
        QCOMPARE(*x == *y, order == 0);
        QCOMPARE(*y == *x, order == 0);
        QCOMPARE(Decimal::compare(*y, *x) == 0, order == 0);
    }
};

QTEST_GUILESS_MAIN(TestDecimal)
#include "tst_decimal.moc"
