#pragma once

#include "models/Result.h"

#include <QDateTime>
#include <QString>

namespace Ebb {

// A five-field cron expression, "minute hour day-of-month month day-of-week", as Vixie cron
// reads it: lists (1,5,9), ranges (1-5), steps (*/15, 10-50/10, and 5/15 for 5-59/15), month
// and weekday names (jan-dec, sun-sat, any case), 0 and 7 both Sunday. When the day-of-month
// and day-of-week fields are both restricted (neither starts with '*'), a day matches if
// EITHER matches ("0 0 1 * mon": the 1st and every Monday); otherwise both must match.
//
// Times are UTC: a sync file means the same instants on every machine that runs it, and a
// daylight-saving change never skips or doubles a run.
class CronExpression
{
public:
    // An empty expression: it never fires. parse() is the way to get a useful one.
    CronExpression() = default;

    // Errors name the field and the cause: "cron field 2 (hour): 24 is out of range 0-23".
    static Result<CronExpression> parse(const QString& text);

    // The first whole minute that matches, strictly after `after` (seconds are dropped, so
    // 10:00:30 gives 10:01 at the earliest), as a UTC QDateTime; an invalid QDateTime when
    // nothing matches within five years (e.g. "0 0 30 2 *") or `after` is invalid.
    QDateTime next(const QDateTime& after) const;
    // Whether the minute that holds `time` (in UTC) matches.
    bool matches(const QDateTime& time) const;
    // True for expressions that can never fire, such as "0 0 30 2 *" or "0 0 31 4,6,9,11 *".
    // (A rare one that does fire, "0 0 29 2 */7", can still have no fire time within five years.)
    bool neverFires() const;

    QString text() const { return m_text; }

private:
    bool dayMatches(const QDate& date) const;

    QString m_text;
    quint64 m_minutes = 0; // bit n: minute n (0-59)
    quint32 m_hours = 0; // bit n: hour n (0-23)
    quint32 m_days = 0; // bit n: day of month n (1-31)
    quint32 m_months = 0; // bit n: month n (1-12)
    quint32 m_weekdays = 0; // bit n: weekday n (0 Sunday … 6 Saturday)
    bool m_dayOfMonthStar = true;
    bool m_dayOfWeekStar = true;
};

} // namespace Ebb
