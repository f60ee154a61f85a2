#include "ManualClock.h"
#include "connectors/http/Backoff.h"
#include "connectors/http/RateLimitHeaders.h"
#include "connectors/http/TokenBucket.h"

#include <QTest>
#include <QTimeZone>

using namespace Ebb;
using Ebb::TestSupport::ManualClock;

class TestTokenBucket : public QObject
{
    Q_OBJECT

    static void drain(TokenBucket& bucket)
    {
        while (bucket.tryTake()) { }
    }

private Q_SLOTS:
    void refill_data()
    {
        QTest::addColumn<int>("requests");
        QTest::addColumn<double>("perSeconds");
        QTest::addColumn<qint64>("advanceMs");
        QTest::addColumn<double>("tokens");
        QTest::newRow("10/s, 100 ms") << 10 << 1.0 << qint64(100) << 1.0;
        QTest::newRow("10/s, 250 ms: fractions count") << 10 << 1.0 << qint64(250) << 2.5;
        QTest::newRow("10/s, 5 s: capped at the burst") << 10 << 1.0 << qint64(5000) << 10.0;
        QTest::newRow("HubSpot 100/10 s, 1 s") << 100 << 10.0 << qint64(1000) << 10.0;
        QTest::newRow("Zendesk 200/min, 3 s") << 200 << 60.0 << qint64(3000) << 10.0;
        QTest::newRow("1/s, 999 ms: not yet one") << 1 << 1.0 << qint64(999) << 0.999;
    }
    void refill()
    {
        QFETCH(int, requests);
        QFETCH(double, perSeconds);
        QFETCH(qint64, advanceMs);
        QFETCH(double, tokens);
        ManualClock clock;
        TokenBucket bucket({requests, perSeconds}, clock);
        drain(bucket);
        QCOMPARE(bucket.tokens(), 0.0);
        clock.advance(advanceMs);
        QVERIFY2(qAbs(bucket.tokens() - tokens) < 1e-9, qPrintable(QString::number(bucket.tokens())));
    }

    void burstThenRate()
    {
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        for (int i = 0; i < 10; ++i)
            QVERIFY2(bucket.tryTake(), qPrintable(QStringLiteral("request %1 of the burst").arg(i + 1)));
        QVERIFY(!bucket.tryTake());
        QCOMPARE(bucket.delayForNextMs(), qint64(100));
        clock.advance(30);
        QCOMPARE(bucket.delayForNextMs(), qint64(70));
        clock.advance(70);
        QCOMPARE(bucket.delayForNextMs(), qint64(0));
        QVERIFY(bucket.tryTake());
        QVERIFY(!bucket.tryTake());
    }

    // A rolling window (HubSpot's 100 per 10 s counts every 10 s span): with a small burst the
    // bucket never puts more than 100 requests in any 10 s, and still uses 95% of the limit (and more).
    void rollingWindowIsNeverOverfilled()
    {
        ManualClock clock;
        TokenBucket bucket({100, 10.0, 2}, clock);
        QList<qint64> sent;
        while (clock.nowMs() < 60000) {
            if (bucket.tryTake())
                sent << clock.nowMs();
            else
                clock.advance(std::max<qint64>(1, bucket.delayForNextMs()));
        }
        int busiest = 0;
        for (int first = 0, last = 0; last < sent.size(); ++last) {
            while (sent[last] - sent[first] >= 10000)
                ++first;
            busiest = std::max(busiest, last - first + 1);
        }
        QVERIFY2(busiest <= 100, qPrintable(QString::number(busiest)));
        QVERIFY2(sent.size() >= int(0.95 * 600), qPrintable(QString::number(sent.size())));
    }

    void unlimited()
    {
        ManualClock clock;
        TokenBucket bucket({0, 1.0}, clock);
        QVERIFY(bucket.unlimited());
        for (int i = 0; i < 10000; ++i)
            QVERIFY(bucket.tryTake());
        QCOMPARE(bucket.delayForNextMs(), qint64(0));
        bucket.throttle(0.5); // nothing to slow down
        QCOMPARE(bucket.delayForNextMs(), qint64(0));
        bucket.pauseFor(500); // but a server's Retry-After still holds
        QCOMPARE(bucket.delayForNextMs(), qint64(500));
        QVERIFY(!bucket.tryTake());
        clock.advance(500);
        QVERIFY(bucket.tryTake());
    }

    void throttleAfter429()
    {
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        bucket.setRecoveryMs(10000);
        bucket.throttle(0.5);
        QCOMPARE(bucket.rateFactor(), 0.5);
        // Emptied: a 429 means the server's bucket is empty.
        QCOMPARE(bucket.tokens(), 0.0);
        QVERIFY(!bucket.tryTake());
        // Half the rate: one token in 200 ms instead of 100.
        QCOMPARE(bucket.delayForNextMs(), qint64(200));
        // The factor climbs linearly (0.5 -> 0.6 over 1 s), so 1 s earns 10/s * (0.5 + 0.6) / 2 * 1 s = 5.5
        // tokens, and the burst is 10 * 0.6 = 6.
        clock.advance(1000);
        QVERIFY(qAbs(bucket.rateFactor() - 0.6) < 1e-9);
        QVERIFY2(qAbs(bucket.tokens() - 5.5) < 1e-9, qPrintable(QString::number(bucket.tokens())));
        // Another second would earn 6.5 more, but the burst is capped at 10 * 0.7 while throttled.
        clock.advance(1000);
        QVERIFY2(qAbs(bucket.tokens() - 7.0) < 1e-9, qPrintable(QString::number(bucket.tokens())));
    }

    void recovery_data()
    {
        QTest::addColumn<qint64>("afterMs");
        QTest::addColumn<double>("factor");
        QTest::newRow("at once") << qint64(0) << 0.5;
        QTest::newRow("half way") << qint64(2500) << 0.75;
        QTest::newRow("recovered") << qint64(5000) << 1.0;
        QTest::newRow("stays recovered") << qint64(60000) << 1.0;
    }
    void recovery()
    {
        QFETCH(qint64, afterMs);
        QFETCH(double, factor);
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        bucket.setRecoveryMs(10000);
        bucket.throttle(0.5);
        clock.advance(afterMs);
        QVERIFY2(qAbs(bucket.rateFactor() - factor) < 1e-9, qPrintable(QString::number(bucket.rateFactor())));
    }

    void recoveredBucketRefillsExactly()
    {
        // Across the end of the recovery the integral splits: linear part, then full rate.
        ManualClock clock;
        TokenBucket bucket({100, 1.0}, clock);
        bucket.setRecoveryMs(1000);
        bucket.throttle(0.5); // full again after 500 ms
        clock.advance(700);
        // 0.1/ms * ((0.5 + 1) / 2 * 500 + 200) = 0.1 * 575 = 57.5
        QVERIFY2(qAbs(bucket.tokens() - 57.5) < 1e-9, qPrintable(QString::number(bucket.tokens())));
    }

    void repeatedThrottlesCompoundAndHaveAFloor()
    {
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        bucket.setRecoveryMs(1000LL * 1000 * 1000); // no visible recovery in between
        bucket.throttle(0.5);
        clock.advance(1000);
        bucket.throttle(0.5);
        QVERIFY(qAbs(bucket.rateFactor() - 0.25) < 1e-6);
        for (int i = 0; i < 20; ++i) {
            clock.advance(1000);
            bucket.throttle(0.5);
        }
        QCOMPARE(bucket.rateFactor(), 1.0 / 64);
        // Still moving: one request per 6.4 s rather than none.
        QCOMPARE(bucket.delayForNextMs(), qint64(6400));
    }

    void throttlesOfOneBurstCountOnce()
    {
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        bucket.setRecoveryMs(10000);
        // Four requests in flight together, four 429s within a few milliseconds.
        for (int i = 0; i < 4; ++i) {
            bucket.throttle(0.5);
            clock.advance(5);
        }
        QVERIFY2(
            qAbs(bucket.rateFactor() - (0.5 + 20.0 / 10000)) < 1e-9, qPrintable(QString::number(bucket.rateFactor())));
        QVERIFY(!bucket.tryTake());
    }

    void pauseThenOneRequest()
    {
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        bucket.pauseFor(1000);
        QCOMPARE(bucket.delayForNextMs(), qint64(1000));
        clock.advance(999);
        QVERIFY(!bucket.tryTake());
        clock.advance(1);
        QVERIFY(bucket.tryTake());
        QVERIFY(!bucket.tryTake());
        QCOMPARE(bucket.delayForNextMs(), qint64(100));
        // A shorter pause does not cut a longer one short.
        bucket.pauseFor(5000);
        bucket.pauseFor(10);
        QCOMPARE(bucket.delayForNextMs(), qint64(5000));
    }

    void headers_data()
    {
        QTest::addColumn<int>("remaining");
        QTest::addColumn<double>("resetSeconds");
        QTest::addColumn<int>("takes"); // requests that pass at once after the headers
        QTest::addColumn<qint64>("delayMs"); // then the wait for the next
        QTest::newRow("3 left: only 3 go") << 3 << 8.0 << 3 << qint64(100);
        QTest::newRow("more left than our burst: no extra") << 50 << 8.0 << 10 << qint64(100);
        QTest::newRow("none left: wait for the reset") << 0 << 2.0 << 0 << qint64(2000);
        QTest::newRow("none left, no reset given: a window") << 0 << 0.0 << 0 << qint64(1000);
    }
    void headers()
    {
        QFETCH(int, remaining);
        QFETCH(double, resetSeconds);
        QFETCH(int, takes);
        QFETCH(qint64, delayMs);
        ManualClock clock;
        TokenBucket bucket({10, 1.0}, clock);
        bucket.applyHeaders(remaining, resetSeconds);
        for (int i = 0; i < takes; ++i)
            QVERIFY(bucket.tryTake());
        QVERIFY(!bucket.tryTake());
        QCOMPARE(bucket.delayForNextMs(), delayMs);
    }

    void parseHeaders_data()
    {
        using Headers = QList<QPair<QByteArray, QByteArray>>;
        QTest::addColumn<Headers>("headers");
        QTest::addColumn<int>("remaining"); // -1: none
        QTest::addColumn<qint64>("resetMs"); // -1: none
        QTest::addColumn<qint64>("retryAfterMs"); // -1: none
        QTest::newRow("HubSpot") << Headers{{"X-HubSpot-RateLimit-Interval-Milliseconds", "10000"},
            {"X-HubSpot-RateLimit-Max", "100"}, {"X-HubSpot-RateLimit-Remaining", "97"},
            {"X-HubSpot-RateLimit-Daily", "250000"}, {"X-HubSpot-RateLimit-Daily-Remaining", "249000"}}
                                 << 97 << qint64(10000) << qint64(-1);
        QTest::newRow("Zendesk 429") << Headers{{"X-Rate-Limit", "200"}, {"X-Rate-Limit-Remaining", "0"},
            {"Retry-After", "7"}} << 0
                                     << qint64(-1) << qint64(7000);
        QTest::newRow("X-RateLimit seconds")
            << Headers{{"x-ratelimit-remaining", "4"}, {"x-ratelimit-reset", "30"}} << 4 << qint64(30000) << qint64(-1);
        QTest::newRow("X-RateLimit Unix time")
            << Headers{{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1700000060"}} << 0 << qint64(60000)
            << qint64(-1);
        QTest::newRow("IETF draft") << Headers{{"RateLimit-Remaining", "12"}, {"RateLimit-Reset", "5"}} << 12
                                    << qint64(5000) << qint64(-1);
        QTest::newRow("Retry-After date")
            << Headers{{"Retry-After", "Tue, 14 Nov 2023 22:13:40 GMT"}} << -1 << qint64(-1) << qint64(20000);
        QTest::newRow("nothing") << Headers{{"Content-Type", "application/json"}} << -1 << qint64(-1) << qint64(-1);
        QTest::newRow("garbage") << Headers{{"X-RateLimit-Remaining", "lots"}, {"Retry-After", "soon"}} << -1
                                 << qint64(-1) << qint64(-1);
        // Hostile numbers are clamped to a day (Backoff::maxWaitMs), never overflowed.
        QTest::newRow("huge reset") << Headers{{"X-RateLimit-Reset", "1e300"}, {"X-RateLimit-Remaining", "1e300"}}
                                    << (1 << 30) << Backoff::maxWaitMs << qint64(-1);
        QTest::newRow("huge interval") << Headers{{"X-HubSpot-RateLimit-Interval-Milliseconds", "99999999999999999999"}}
                                       << -1 << Backoff::maxWaitMs << qint64(-1);
        QTest::newRow("NaN and infinity") << Headers{{"X-RateLimit-Reset", "nan"}, {"RateLimit-Remaining", "inf"}}
                                          << (1 << 30) << qint64(-1) << qint64(-1);
    }
    void parseHeaders()
    {
        using Headers = QList<QPair<QByteArray, QByteArray>>;
        QFETCH(Headers, headers);
        QFETCH(int, remaining);
        QFETCH(qint64, resetMs);
        QFETCH(qint64, retryAfterMs);
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, QTimeZone::utc()); // 2023-11-14 22:13:20 UTC
        const RateLimitHeaders parsed = RateLimitHeaders::parse(headers, now);
        QCOMPARE(parsed.remaining.value_or(-1), remaining);
        QCOMPARE(parsed.resetMs.value_or(-1), resetMs);
        QCOMPARE(parsed.retryAfterMs.value_or(-1), retryAfterMs);
    }
};

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
