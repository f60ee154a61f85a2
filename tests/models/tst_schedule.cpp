#include "models/schedule/Schedule.h"

#include <QJsonDocument>
#include <QTest>
#include <optional>

using namespace Ebb;

namespace {

QDateTime utc(const char* iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t;
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

Schedule schedule(const char* text)
{
    auto s = Schedule::fromJson(json(text));
    Q_ASSERT(s.ok());
    return *s;
}

} // namespace

class TestSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("description"); // toString(), or the error message
        QTest::addColumn<qint64>("seconds"); // interval; -1 for cron and errors

        QTest::newRow("30s") << R"({"every": "30s"})"
                             << "every 30s" << qint64(30);
        QTest::newRow("15m") << R"({"every": "15m"})"
                             << "every 15m" << qint64(900);
        QTest::newRow("2h") << R"({"every": "2h"})"
                            << "every 2h" << qint64(7200);
        QTest::newRow("1d") << R"({"every": "1d"})"
                            << "every 1d" << qint64(86400);
        QTest::newRow("366d") << R"({"every": "366d"})"
                              << "every 366d" << qint64(366 * 86400);
        QTest::newRow("cron") << R"({"cron": "*/15  * * * *"})"
                              << "cron \"*/15 * * * *\"" << qint64(-1);
        QTest::newRow("unknown keys are kept out of the way") << R"({"every": "1h", "x-jitter": "5m"})"
                                                              << "every 1h" << qint64(3600);

        const QString both = QStringLiteral(
            "$.schedule: a schedule takes exactly one of \"every\" (\"15m\") or \"cron\" (\"*/15 * * * *\")");
        QTest::newRow("both") << R"({"every": "15m", "cron": "* * * * *"})" << both << qint64(-1);
        QTest::newRow("neither") << R"({})" << both << qint64(-1);
        QTest::newRow("every is a number") << R"({"every": 15})"
                                           << "$.schedule.every: expected a string" << qint64(-1);
        QTest::newRow("bad unit")
            << R"({"every": "15x"})"
            << "$.schedule.every: \"15x\" is not an interval such as \"30s\", \"15m\", \"2h\" or \"1d\"" << qint64(-1);
        QTest::newRow("zero")
            << R"({"every": "0m"})"
            << "$.schedule.every: \"0m\" is not an interval such as \"30s\", \"15m\", \"2h\" or \"1d\"" << qint64(-1);
        QTest::newRow("too long")
            << R"({"every": "367d"})"
            << "$.schedule.every: \"367d\" is longer than the longest interval, 366d; use \"cron\" for rarer runs"
            << qint64(-1);
        QTest::newRow("overflowing") << R"({"every": "99999999999999999999s"})"
                                     << "$.schedule.every: \"99999999999999999999s\" is longer than the longest "
                                        "interval, 366d; use \"cron\" for rarer runs"
                                     << qint64(-1);
        QTest::newRow("bad cron") << R"({"cron": "0 24 * * *"})"
                                  << "$.schedule.cron: cron field 2 (hour): 24 is out of range 0-23" << qint64(-1);
    }

    void fromJson()
    {
        QFETCH(QString, json);
        QFETCH(QString, description);
        QFETCH(qint64, seconds);
        const auto s = Schedule::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
        if (!s) {
            QCOMPARE(s.error().message, description);
            return;
        }
        QCOMPARE(s->toString(), description);
        if (seconds >= 0) {
            QCOMPARE(s->kind(), Schedule::Kind::Interval);
            QCOMPARE(s->intervalSeconds(), seconds);
        } else {
            QCOMPARE(s->kind(), Schedule::Kind::Cron);
        }
    }

    void isDue_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QDateTime>("lastRun"); // invalid: never ran
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<bool>("due");
        QTest::addColumn<QDateTime>("next"); // nextAfter(lastRun); invalid for nullopt

        const QDateTime never;
        QTest::newRow("every, never ran")
            << R"({"every": "15m"})" << never << utc("2024-01-15T10:00:00Z") << true << never;
        // Whole-minute intervals count from the minute the last run started, so a per-minute
        // timer does not let "every 15m" slip to every 16 minutes.
        QTest::newRow("every, just before") << R"({"every": "15m"})" << utc("2024-01-15T10:00:00.500Z")
                                            << utc("2024-01-15T10:14:59.999Z") << false << utc("2024-01-15T10:15:00Z");
        QTest::newRow("every, started late in its minute")
            << R"({"every": "15m"})" << utc("2024-01-15T10:00:00.500Z") << utc("2024-01-15T10:15:00.200Z") << true
            << utc("2024-01-15T10:15:00Z");
        QTest::newRow("every, seconds interval is exact")
            << R"({"every": "90s"})" << utc("2024-01-15T10:00:00.500Z") << utc("2024-01-15T10:01:30.499Z") << false
            << utc("2024-01-15T10:01:30.500Z");
        QTest::newRow("every, exactly") << R"({"every": "15m"})" << utc("2024-01-15T10:00:00Z")
                                        << utc("2024-01-15T10:15:00Z") << true << utc("2024-01-15T10:15:00Z");
        QTest::newRow("every, long overdue") << R"({"every": "1h"})" << utc("2024-01-10T10:00:00Z")
                                             << utc("2024-01-15T10:00:00Z") << true << utc("2024-01-10T11:00:00Z");
        QTest::newRow("every, clock set back") << R"({"every": "1h"})" << utc("2024-01-15T12:00:00Z")
                                               << utc("2024-01-15T10:00:00Z") << false << utc("2024-01-15T13:00:00Z");
        QTest::newRow("every, offset last run") << R"({"every": "1h"})" << utc("2024-01-15T12:00:00+01:00")
                                                << utc("2024-01-15T12:00:00Z") << true << utc("2024-01-15T12:00:00Z");
        QTest::newRow("cron, never ran") << R"({"cron": "0 3 * * *"})" << never << utc("2024-01-15T10:00:00Z") << true
                                         << never;
        QTest::newRow("cron, before the fire time")
            << R"({"cron": "0 * * * *"})" << utc("2024-01-15T10:00:05Z") << utc("2024-01-15T10:59:59Z") << false
            << utc("2024-01-15T11:00:00Z");
        QTest::newRow("cron, at the fire time") << R"({"cron": "0 * * * *"})" << utc("2024-01-15T10:00:05Z")
                                                << utc("2024-01-15T11:00:00Z") << true << utc("2024-01-15T11:00:00Z");
        QTest::newRow("cron, run late in its minute")
            << R"({"cron": "*/15 * * * *"})" << utc("2024-01-15T10:15:59Z") << utc("2024-01-15T10:16:00Z") << false
            << utc("2024-01-15T10:30:00Z");
        QTest::newRow("cron that never fires, never ran")
            << R"({"cron": "0 0 30 2 *"})" << never << utc("2024-01-15T10:00:00Z") << false << never;
        QTest::newRow("cron that never fires, ran") << R"({"cron": "0 0 30 2 *"})" << utc("2024-01-15T10:00:00Z")
                                                    << utc("2030-01-15T10:00:00Z") << false << never;
    }

    void isDue()
    {
        QFETCH(QString, json);
        QFETCH(QDateTime, lastRun);
        QFETCH(QDateTime, now);
        QFETCH(bool, due);
        QFETCH(QDateTime, next);
        const auto s = Schedule::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
        QVERIFY(s.ok());
        QCOMPARE(s->isDue(lastRun, now), due);
        const std::optional<QDateTime> nextAfter = s->nextAfter(lastRun);
        QCOMPARE(nextAfter.has_value(), next.isValid());
        if (nextAfter)
            QCOMPARE(*nextAfter, next);
    }

    // The machine was off over three fire times: one run when it wakes, then back on schedule.
    void missedRunsAreCaughtUpOnce_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QDateTime>("nextAfterCatchUp");
        QTest::newRow("cron") << R"({"cron": "0 * * * *"})" << utc("2024-01-15T11:00:00Z");
        QTest::newRow("every") << R"({"every": "1h"})" << utc("2024-01-15T11:30:00Z");
    }

    void missedRunsAreCaughtUpOnce()
    {
        QFETCH(QString, json);
        QFETCH(QDateTime, nextAfterCatchUp);
        const auto s = Schedule::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
        QVERIFY(s.ok());
        const QDateTime lastRun = utc("2024-01-15T07:00:10Z"); // then off over 08:00, 09:00, 10:00
        const QDateTime wake = utc("2024-01-15T10:30:00Z");
        QVERIFY(s->isDue(lastRun, wake));
        const QDateTime catchUp = wake.addSecs(2); // the run's start, as the journal records it
        QVERIFY(!s->isDue(catchUp, wake.addSecs(5)));
        QVERIFY(!s->isDue(catchUp, wake.addSecs(25 * 60)));
        QCOMPARE(s->nextAfter(catchUp).value(), nextAfterCatchUp);
    }

    // A day of a timer that checks every minute (at :30 s; runs start a second later), with
    // the machine off from 06:00 to 08:50: twelve quarter-hours are missed, one catch-up run
    // replaces them, and the schedule goes on as before.
    void simulatedDayWithTheMachineOff()
    {
        const Schedule s = schedule(R"({"cron": "*/15 * * * *"})");
        const QDateTime day = utc("2024-01-15T00:00:00Z");
        const QDateTime offFrom = utc("2024-01-15T06:00:00Z");
        const QDateTime offUntil = utc("2024-01-15T08:50:00Z");
        QDateTime lastRun;
        QList<QDateTime> runs;
        for (int minute = 0; minute < 24 * 60; ++minute) {
            const QDateTime tick = day.addSecs(minute * 60 + 30);
            if (tick >= offFrom && tick < offUntil)
                continue;
            if (s.isDue(lastRun, tick)) {
                lastRun = tick.addSecs(1);
                runs << lastRun;
            }
        }
        QCOMPARE(runs.size(), 96 - 12 + 1);
        QCOMPARE(runs.first(), utc("2024-01-15T00:00:31Z")); // never ran: due at once
        QVERIFY(runs.contains(utc("2024-01-15T08:50:31Z"))); // the one catch-up run
        QVERIFY(runs.contains(utc("2024-01-15T09:00:31Z"))); // and the schedule as before
        QCOMPARE(runs.last(), utc("2024-01-15T23:45:31Z"));
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
