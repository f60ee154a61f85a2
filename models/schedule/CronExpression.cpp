#include "CronExpression.h"

#include <QRegularExpression>
#include <QStringList>
#include <bit>

namespace Ebb {

namespace {

struct Field
{
    const char* name;
    int min;
    int max;
    QStringList names; // names[i] is value i + min; empty when the field takes numbers only
    const char* expected; // what a value of this field looks like, for messages
};

const Field& field(int index)
{
    static const Field fields[5] = {
        {"minute", 0, 59, {}, "a number"},
        {"hour", 0, 23, {}, "a number"},
        {"day of month", 1, 31, {}, "a number"},
        {"month", 1, 12,
            {QStringLiteral("jan"), QStringLiteral("feb"), QStringLiteral("mar"), QStringLiteral("apr"),
                QStringLiteral("may"), QStringLiteral("jun"), QStringLiteral("jul"), QStringLiteral("aug"),
                QStringLiteral("sep"), QStringLiteral("oct"), QStringLiteral("nov"), QStringLiteral("dec")},
            "a month (1-12 or jan-dec)"},
        {"day of week", 0, 7,
            {QStringLiteral("sun"), QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat")},
            "a day of the week (0-7 or sun-sat)"},
    };
    return fields[index];
}

class FieldParser
{
public:
    explicit FieldParser(int index)
        : m_index(index)
        , m_field(field(index))
    {
    }

    // The field's values as bits (bit n = value n).
    Result<quint64> parse(const QString& text) const
    {
        quint64 bits = 0;
        for (const QString& item : text.split(QLatin1Char(','))) {
            if (item.isEmpty())
                return error(QStringLiteral("empty item in the list \"%1\"").arg(text));
            auto itemBits = parseItem(item);
            if (!itemBits)
                return itemBits.error();
            bits |= *itemBits;
        }
        return bits;
    }

private:
    Error error(const QString& cause) const
    {
        return Error::config(
            QStringLiteral("cron field %1 (%2): %3").arg(m_index + 1).arg(QLatin1String(m_field.name), cause));
    }

    Result<int> value(const QString& text) const
    {
        static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
        if (digits.match(text).hasMatch()) {
            bool ok = false;
            const int n = text.size() <= 9 ? text.toInt(&ok) : 0;
            if (!ok || n < m_field.min || n > m_field.max)
                return error(QStringLiteral("%1 is out of range %2-%3")
                                 .arg(ok ? QString::number(n) : text)
                                 .arg(m_field.min)
                                 .arg(m_field.max));
            return n;
        }
        const qsizetype named = m_field.names.indexOf(text.toLower());
        if (named >= 0)
            return int(named) + m_field.min;
        return error(QStringLiteral("\"%1\" is not %2").arg(text, QLatin1String(m_field.expected)));
    }

    Result<quint64> parseItem(const QString& item) const
    {
        const QStringList stepParts = item.split(QLatin1Char('/'));
        if (stepParts.size() > 2)
            return error(QStringLiteral("\"%1\" has more than one '/'").arg(item));
        const QString range = stepParts.first();
        int low = m_field.min;
        int high = m_field.max;
        if (range != QLatin1String("*")) {
            const QStringList ends = range.split(QLatin1Char('-'));
            if (ends.size() > 2 || (ends.size() == 2 && (ends[0].isEmpty() || ends[1].isEmpty())))
                return error(QStringLiteral("\"%1\" is not a value or a range such as 1-5").arg(range));
            auto first = value(ends[0]);
            if (!first)
                return first.error();
            low = *first;
            if (ends.size() == 2) {
                auto last = value(ends[1]);
                if (!last)
                    return last.error();
                high = *last;
                if (low > high)
                    return error(QStringLiteral("the range \"%1\" runs backwards; write the low end first").arg(range));
            } else if (stepParts.size() == 1) {
                high = low; // a single value; "5/15" means 5 to the end of the field, every 15
            }
        }
        int step = 1;
        if (stepParts.size() == 2) {
            const QString& stepText = stepParts[1];
            static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
            if (stepText.isEmpty())
                return error(QStringLiteral("\"%1\" needs a number after '/'").arg(item));
            if (!digits.match(stepText).hasMatch())
                return error(QStringLiteral("the step \"%1\" in \"%2\" is not a number").arg(stepText, item));
            step = stepText.toInt();
            if (step < 1)
                return error(QStringLiteral("the step in \"%1\" must be at least 1").arg(item));
            // "*/90" in the minute field fires at minute 0 only, not every 90 minutes: refuse it
            // rather than let it mean something the writer did not intend.
            if (step > m_field.max - m_field.min)
                return error(
                    QStringLiteral("the step %1 is larger than the field's range %2-%3; steps do not carry over "
                                   "into the next hour or day (for a fixed interval use {\"every\": \"90m\"})")
                        .arg(step)
                        .arg(m_field.min)
                        .arg(m_field.max));
        }
        quint64 bits = 0;
        for (int v = low; v <= high; v += step)
            bits |= quint64(1) << v;
        return bits;
    }

    int m_index;
    const Field& m_field;
};

// The lowest set bit at or above `from`, or -1.
int nextBit(quint64 bits, int from)
{
    if (from > 63)
        return -1;
    const quint64 rest = bits & (~quint64(0) << from);
    return rest ? std::countr_zero(rest) : -1;
}

} // namespace

Result<CronExpression> CronExpression::parse(const QString& text)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList fields = text.split(space, Qt::SkipEmptyParts);
    if (fields.size() != 5)
        return Error::config(QStringLiteral("cron: expected 5 fields, found %1").arg(fields.size()));

    CronExpression cron;
    cron.m_text = fields.join(QLatin1Char(' '));
    quint64 bits[5] = {};
    for (int i = 0; i < 5; ++i) {
        auto parsed = FieldParser(i).parse(fields[i]);
        if (!parsed)
            return parsed.error();
        bits[i] = *parsed;
    }
    cron.m_minutes = bits[0];
    cron.m_hours = quint32(bits[1]);
    cron.m_days = quint32(bits[2]);
    cron.m_months = quint32(bits[3]);
    // 7 is another name for Sunday.
    cron.m_weekdays = quint32((bits[4] | (bits[4] >> 7)) & 0x7f);
    // Vixie cron's rule: a field that starts with '*' ("*", "*/2") leaves the day to the other one.
    cron.m_dayOfMonthStar = fields[2].startsWith(QLatin1Char('*'));
    cron.m_dayOfWeekStar = fields[4].startsWith(QLatin1Char('*'));
    return cron;
}

bool CronExpression::dayMatches(const QDate& date) const
{
    const bool dayOfMonth = (m_days >> date.day()) & 1;
    const bool dayOfWeek = (m_weekdays >> (date.dayOfWeek() % 7)) & 1; // Qt: Monday 1 … Sunday 7
    if (m_dayOfMonthStar || m_dayOfWeekStar)
        return dayOfMonth && dayOfWeek;
    return dayOfMonth || dayOfWeek;
}

bool CronExpression::matches(const QDateTime& time) const
{
    if (!time.isValid())
        return false;
    const QDateTime utc = time.toUTC();
    return ((m_months >> utc.date().month()) & 1) && dayMatches(utc.date()) && ((m_hours >> utc.time().hour()) & 1)
        && ((m_minutes >> utc.time().minute()) & 1);
}

QDateTime CronExpression::next(const QDateTime& after) const
{
    if (!after.isValid() || m_minutes == 0)
        return {};
    const QDateTime utc = after.toUTC();
    const QDateTime limit = utc.addYears(5);
    const QDateTime first = QDateTime(utc.date(), QTime(utc.time().hour(), utc.time().minute()), Qt::UTC).addSecs(60);
    QDate date = first.date();
    int hour = first.time().hour();
    int minute = first.time().minute();
    const auto nextDay = [&] {
        date = date.addDays(1);
        hour = 0;
        minute = 0;
    };
    // Each step moves to the next candidate month, day, hour or minute, never minute by
    // minute: a year of search is a few hundred iterations at most.
    while (date <= limit.date()) {
        if (!((m_months >> date.month()) & 1)) {
            date = QDate(date.year(), date.month(), 1).addMonths(1);
            hour = 0;
            minute = 0;
            continue;
        }
        if (!dayMatches(date)) {
            nextDay();
            continue;
        }
        const int h = nextBit(m_hours, hour);
        if (h < 0) {
            nextDay();
            continue;
        }
        if (h != hour) {
            hour = h;
            minute = 0;
        }
        const int m = nextBit(m_minutes, minute);
        if (m < 0) {
            if (++hour == 24)
                nextDay();
            minute = 0;
            continue;
        }
        const QDateTime found(date, QTime(hour, m), Qt::UTC);
        return found <= limit ? found : QDateTime();
    }
    return {};
}

bool CronExpression::neverFires() const
{
    if (m_minutes == 0)
        return true;
    // Both day fields restricted: any of the chosen weekdays will do, and every month has them all.
    if (!m_dayOfMonthStar && !m_dayOfWeekStar)
        return false;
    // Otherwise a chosen day of a chosen month must exist; over the Gregorian calendar's 400-year
    // cycle each date, 29 February included, falls on every weekday, so the weekday is no obstacle.
    static constexpr int longest[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month) {
        if (((m_months >> month) & 1) && (m_days & ((quint32(2) << longest[month]) - 2)))
            return false;
    }
    return true;
}

} // namespace Ebb
