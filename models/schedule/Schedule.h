#pragma once

#include "CronExpression.h"
#include "models/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <optional>

namespace Ebb {

// When a sync runs by itself: a sync file's "schedule", {"every": "15m"} (s, m, h or d) or
// {"cron": "*/15 * * * *"} (UTC, see CronExpression).
//
// Both kinds count from the start of the sync's last run, whatever started it (a schedule,
// `ebb-cli run`, the GUI) and however it ended, so runs missed while the machine was off are
// caught up once: the first check after it wakes finds the sync due, runs it, and the next
// fire time is computed from that run's start, which is already past the missed ones.
// A sync that never ran is due at once: its first run does not wait for the first fire time.
class Schedule
{
public:
    enum class Kind { Interval, Cron };

    // Errors name the JSON path: "$.schedule.every: \"15x\" is not an interval …".
    static Result<Schedule> fromJson(const QJsonObject& json);
    // "30s", "15m", "2h", "1d" → seconds; at most 366 days.
    static Result<qint64> parseInterval(const QString& text);

    Kind kind() const { return m_kind; }
    qint64 intervalSeconds() const { return m_intervalSeconds; }
    const CronExpression& cron() const { return m_cron; }
    QString toString() const; // "every 15m", "cron \"*/15 * * * *\""

    // The first time the schedule fires after a run that started at `lastRun`; nullopt when
    // `lastRun` is invalid (never ran: due at once, see isDue) or the cron expression has no
    // fire time within five years.
    std::optional<QDateTime> nextAfter(const QDateTime& lastRun) const;
    // Every: now >= lastRunStart + interval. Cron: the first fire time after lastRunStart is
    // not after now. An invalid lastRunStart (never ran) is due, unless the cron expression
    // never fires.
    bool isDue(const QDateTime& lastRunStart, const QDateTime& now) const;
    // The next `count` times a sync on this schedule would start, if each run started when it
    // fell due: now when it is due already, then from each of those.
    QList<QDateTime> upcoming(const QDateTime& lastRunStart, const QDateTime& now, int count) const;

private:
    Kind m_kind = Kind::Interval;
    QString m_text;
    qint64 m_intervalSeconds = 0;
    CronExpression m_cron;
};

} // namespace Ebb
