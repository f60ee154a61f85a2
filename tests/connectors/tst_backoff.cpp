#include "connectors/http/Backoff.h"

#include <QTest>
#include <QTimeZone>

using namespace Ebb;

namespace {

BackoffPolicy policy(qint64 baseMs, qint64 capMs, int maxAttempts = 5)
{
    BackoffPolicy p;
    p.baseMs = baseMs;
    p.capMs = capMs;
    p.maxAttempts = maxAttempts;
    return p;
}

std::function<double()> fixed(double r)
{
    return [r] { return r; };
}

} // namespace

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growth_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<qint64>("ceiling");
        QTest::newRow("first retry") << 1 << qint64(100);
        QTest::newRow("second") << 2 << qint64(200);
        QTest::newRow("third") << 3 << qint64(400);
        QTest::newRow("seventh") << 7 << qint64(6400);
        QTest::newRow("eighth: capped") << 8 << qint64(10000);
        QTest::newRow("sixtieth: capped, no overflow") << 60 << qint64(10000);
        QTest::newRow("ten thousandth") << 10000 << qint64(10000);
        QTest::newRow("zero failures: like the first") << 0 << qint64(100);
    }
    void growth()
    {
        QFETCH(int, failures);
        QFETCH(qint64, ceiling);
        const Backoff backoff(policy(100, 10000), fixed(0.5));
        QCOMPARE(backoff.ceilingMs(failures), ceiling);
        QCOMPARE(backoff.delayMs(failures), ceiling / 2);
    }

    void fullJitterBounds_data()
    {
        QTest::addColumn<double>("random");
        QTest::addColumn<qint64>("delay");
        QTest::newRow("0: no wait at all") << 0.0 << qint64(0);
        QTest::newRow("0.25") << 0.25 << qint64(200);
        QTest::newRow("just under 1: just under the ceiling") << 0.999999 << qint64(799);
        QTest::newRow("a broken source above 1 is clamped") << 7.0 << qint64(800);
        QTest::newRow("a broken source below 0 is clamped") << -3.0 << qint64(0);
    }
    void fullJitterBounds()
    {
        QFETCH(double, random);
        QFETCH(qint64, delay);
        const Backoff backoff(policy(100, 10000), fixed(random));
        QCOMPARE(backoff.delayMs(4), delay); // ceiling 800
    }

    void realRandomStaysInRangeAndSpreads()
    {
        const Backoff backoff(policy(100, 10000)); // QRandomGenerator
        qint64 lowest = std::numeric_limits<qint64>::max();
        qint64 highest = -1;
        for (int i = 0; i < 2000; ++i) {
            const qint64 d = backoff.delayMs(5); // ceiling 1600
            QVERIFY(d >= 0 && d < 1600);
            lowest = std::min(lowest, d);
            highest = std::max(highest, d);
        }
        // Full jitter: the whole range is used, not a band around the ceiling.
        QVERIFY2(lowest < 400 && highest > 1200, qPrintable(QStringLiteral("%1..%2").arg(lowest).arg(highest)));
    }

    void retryAfterIsAFloor_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<qint64>("floor");
        QTest::addColumn<qint64>("delay");
        QTest::newRow("floor above the jitter wins") << 1 << qint64(1000) << qint64(1000);
        QTest::newRow("jitter above the floor wins") << 10 << qint64(1000) << qint64(5000);
        QTest::newRow("floor above the cap is still kept") << 10 << qint64(60000) << qint64(60000);
        QTest::newRow("zero floor") << 1 << qint64(0) << qint64(50);
    }
    void retryAfterIsAFloor()
    {
        QFETCH(int, failures);
        QFETCH(qint64, floor);
        QFETCH(qint64, delay);
        const Backoff backoff(policy(100, 10000), fixed(0.5));
        QCOMPARE(backoff.delayMs(failures, floor), delay);
    }

    void maxAttempts()
    {
        const Backoff backoff(policy(100, 1000, 3));
        QVERIFY(!backoff.exhausted(1));
        QVERIFY(!backoff.exhausted(2));
        QVERIFY(backoff.exhausted(3));
        QVERIFY(backoff.exhausted(4));
        // At least one attempt, whatever the setting says.
        const Backoff none(policy(100, 1000, 0));
        QCOMPARE(none.policy().maxAttempts, 1);
        QVERIFY(!none.exhausted(0));
        QVERIFY(none.exhausted(1));
    }

    void capBelowBaseIsRaised()
    {
        const Backoff backoff(policy(1000, 10), fixed(0.5));
        QCOMPARE(backoff.ceilingMs(1), qint64(1000));
    }

    void parseRetryAfter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("ms"); // -1: not a Retry-After
        QTest::newRow("seconds") << QByteArray("1") << qint64(1000);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("padded") << QByteArray(" 120 ") << qint64(120000);
        QTest::newRow("negative") << QByteArray("-1") << qint64(-1);
        QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
        QTest::newRow("words") << QByteArray("soon") << qint64(-1);
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
        QTest::newRow("IMF-fixdate") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(30000);
        QTest::newRow("IMF-fixdate in the past") << QByteArray("Wed, 21 Oct 2015 07:00:00 GMT") << qint64(0);
        QTest::newRow("RFC 850") << QByteArray("Wednesday, 21-Oct-15 07:28:00 GMT") << qint64(30000);
        QTest::newRow("asctime") << QByteArray("Wed Oct 21 07:28:00 2015") << qint64(30000);
        QTest::newRow("asctime, one-digit day") << QByteArray("Wed Oct  7 07:27:30 2015") << qint64(0);
        QTest::newRow("a date in another zone") << QByteArray("Wed, 21 Oct 2015 09:28:00 +0200") << qint64(-1);
        // Hostile values are clamped to a day instead of overflowing (seconds * 1000 did).
        QTest::newRow("past 2^63 ms") << QByteArray("9223372036854775") << Backoff::maxWaitMs;
        QTest::newRow("INT64_MAX seconds") << QByteArray("9223372036854775807") << Backoff::maxWaitMs;
        QTest::newRow("a date in year 9999") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT") << Backoff::maxWaitMs;
    }
    void parseRetryAfter()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, ms);
        const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 30), QTimeZone::utc());
        QCOMPARE(Backoff::parseRetryAfter(value, now).value_or(-1), ms);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
