#include "Schedule.h"

#include "models/Duration.h"

namespace Ebb {

namespace {

constexpr qint64 maxIntervalSeconds = 366LL * 24 * 3600;

} // namespace

Result<qint64> Schedule::parseInterval(const QString& text)
{
    const auto seconds = Duration::parseSeconds(text);
    if (!seconds || text != text.trimmed())
        return Error::config(
            QStringLiteral("\"%1\" is not an interval such as \"30s\", \"15m\", \"2h\" or \"1d\"").arg(text));
    if (*seconds > maxIntervalSeconds)
        return Error::config(
            QStringLiteral("\"%1\" is longer than the longest interval, 366d; use \"cron\" for rarer runs").arg(text));
    return *seconds;
}

Result<Schedule> Schedule::fromJson(const QJsonObject& json)
{
    const bool every = json.contains(QStringLiteral("every"));
    const bool cron = json.contains(QStringLiteral("cron"));
    if (every == cron)
        return Error::config(QStringLiteral(
            "$.schedule: a schedule takes exactly one of \"every\" (\"15m\") or \"cron\" (\"*/15 * * * *\")"));
    const QString key = every ? QStringLiteral("every") : QStringLiteral("cron");
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return Error::config(QStringLiteral("$.schedule.%1: expected a string").arg(key));

    Schedule schedule;
    schedule.m_text = value.toString();
    if (every) {
        auto seconds = parseInterval(schedule.m_text);
        if (!seconds)
            return Error::config(QStringLiteral("$.schedule.every: ") + seconds.error().message);
        schedule.m_kind = Kind::Interval;
        schedule.m_intervalSeconds = *seconds;
    } else {
        auto expression = CronExpression::parse(schedule.m_text);
        if (!expression)
            return Error::config(QStringLiteral("$.schedule.cron: ") + expression.error().message);
        schedule.m_kind = Kind::Cron;
        schedule.m_cron = *expression;
    }
    return schedule;
}

QString Schedule::toString() const
{
    return m_kind == Kind::Interval ? QStringLiteral("every %1").arg(m_text)
                                    : QStringLiteral("cron \"%1\"").arg(m_cron.text());
}

std::optional<QDateTime> Schedule::nextAfter(const QDateTime& lastRun) const
{
    if (!lastRun.isValid())
        return std::nullopt;
    if (m_kind == Kind::Interval) {
        // Whole-minute intervals count from the minute the last run started: the journal
        // records the start a few milliseconds after a per-minute timer fired, and "every
        // 15m" must not slip to every 16 minutes because of that.
        QDateTime start = lastRun.toUTC();
        if (m_intervalSeconds % 60 == 0)
            start.setTime(QTime(start.time().hour(), start.time().minute()));
        return start.addSecs(m_intervalSeconds);
    }
    const QDateTime next = m_cron.next(lastRun);
    if (!next.isValid())
        return std::nullopt;
    return next;
}

bool Schedule::isDue(const QDateTime& lastRunStart, const QDateTime& now) const
{
    if (!lastRunStart.isValid())
        return m_kind == Kind::Interval || !m_cron.neverFires();
    const auto next = nextAfter(lastRunStart);
    return next && *next <= now;
}

QList<QDateTime> Schedule::upcoming(const QDateTime& lastRunStart, const QDateTime& now, int count) const
{
    QList<QDateTime> times;
    std::optional<QDateTime> next = isDue(lastRunStart, now) ? std::optional<QDateTime>(now) : nextAfter(lastRunStart);
    while (next && times.size() < count) {
        times << *next;
        next = nextAfter(*next);
    }
    return times;
}

} // namespace Ebb
