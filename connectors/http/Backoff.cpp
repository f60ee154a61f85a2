#include "Backoff.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace Ebb {

Backoff::Backoff(BackoffPolicy policy, std::function<double()> random)
    : m_policy(policy)
{
    m_policy.maxAttempts = std::max(1, m_policy.maxAttempts);
    m_policy.baseMs = std::max<qint64>(0, m_policy.baseMs);
    m_policy.capMs = std::max(m_policy.baseMs, m_policy.capMs);
    setRandomSource(std::move(random));
}

void Backoff::setRandomSource(std::function<double()> random)
{
    if (random)
        m_random = std::move(random);
    else
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

qint64 Backoff::ceilingMs(int failures) const
{
    const int doublings = std::clamp(failures - 1, 0, 62);
    // base * 2^doublings, without overflowing before the cap applies
    const double ceiling = double(m_policy.baseMs) * std::ldexp(1.0, doublings);
    return qint64(std::min(double(m_policy.capMs), ceiling));
}

qint64 Backoff::delayMs(int failures, std::optional<qint64> floorMs) const
{
    const double r = std::clamp(m_random(), 0.0, 1.0);
    const qint64 jittered = qint64(std::floor(r * double(ceilingMs(failures))));
    return std::max(jittered, floorMs.value_or(0));
}

std::optional<qint64> Backoff::parseRetryAfter(const QByteArray& value, const QDateTime& now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(std::min(seconds, maxWaitMs / 1000) * 1000);

    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), then the two obsolete forms senders
    // may still use: RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
    // The weekday is dropped: it is redundant, and Qt would reject a two-digit year's date
    // whose weekday does not match the 1900s.
    const QString date = QString::fromLatin1(text).simplified();
    const QString afterWeekday = date.section(QLatin1Char(' '), 1);
    const QLocale c = QLocale::c();
    QDateTime when = c.toDateTime(afterWeekday, QStringLiteral("dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid()) {
        when = c.toDateTime(afterWeekday, QStringLiteral("dd-MMM-yy HH:mm:ss 'GMT'"));
        if (when.isValid() && when.date().year() < 1970)
            when = when.addYears(100);
    }
    if (!when.isValid())
        when = c.toDateTime(afterWeekday, QStringLiteral("MMM d HH:mm:ss yyyy"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeZone(QTimeZone::utc());
    return std::clamp<qint64>(now.msecsTo(when), 0, maxWaitMs);
}

} // namespace Ebb
