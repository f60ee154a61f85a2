#include "TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace Ebb {

namespace {

constexpr double minimumFactor = 1.0 / 64; // a throttled bucket still lets a request through now and then
constexpr qint64 sameBurstMs = 1000;

double windowMs(const RateLimit& limit)
{
    return (limit.perSeconds > 0 ? limit.perSeconds : 1.0) * 1000.0;
}

} // namespace

TokenBucket::TokenBucket(RateLimit limit, const Clock& clock)
    : m_clock(clock)
    , m_capacity(limit.burst > 0 ? std::min(limit.burst, std::max(0, limit.requests)) : std::max(0, limit.requests))
    , m_ratePerMs(limit.burst > 0 ? std::max(1.0, double(limit.requests - m_capacity)) / windowMs(limit)
                                  : m_capacity / windowMs(limit))
    , m_tokens(m_capacity)
    , m_rolling(limit.burst > 0)
    , m_last(clock.nowMs())
    , m_recoveryMs(qint64(10 * windowMs(limit)))
{
}

double TokenBucket::factorAt(double t) const
{
    if (m_throttledFactor >= 1.0)
        return 1.0;
    const double climbed = std::max(0.0, t - double(m_throttledAt)) / double(m_recoveryMs);
    return std::min(1.0, m_throttledFactor + climbed);
}

double TokenBucket::capacityAt(qint64 t) const
{
    return std::max(1.0, m_capacity * factorAt(double(t)));
}

// Tokens earned between two instants: the rate times the integral of the factor, which is
// linear until it reaches 1 (so the trapezoid rule is exact) and flat after.
double TokenBucket::refillBetween(qint64 from, qint64 to) const
{
    const double fullAt = double(m_throttledAt) + (1.0 - m_throttledFactor) * double(m_recoveryMs);
    double area = 0;
    double start = double(from);
    if (start < fullAt) {
        const double end = std::min(double(to), fullAt);
        area += (end - start) * (factorAt(start) + factorAt(end)) / 2.0;
        start = end;
    }
    if (double(to) > start)
        area += double(to) - start;
    return area * m_ratePerMs;
}

void TokenBucket::refill()
{
    const qint64 now = m_clock.nowMs();
    if (now <= m_last)
        return;
    if (!unlimited())
        m_tokens = std::min(capacityAt(now), m_tokens + refillBetween(m_last, now));
    m_last = now;
}

qint64 TokenBucket::delayForNextMs()
{
    const qint64 now = m_clock.nowMs();
    if (now < m_pausedUntil)
        return m_pausedUntil - now;
    if (unlimited())
        return 0;
    refill();
    if (m_tokens >= 1.0)
        return 0;
    const double rate = m_ratePerMs * factorAt(double(now));
    return std::max<qint64>(1, qint64(std::ceil((1.0 - m_tokens) / rate)));
}

bool TokenBucket::tryTake()
{
    if (delayForNextMs() > 0)
        return false;
    if (!unlimited())
        m_tokens -= 1.0;
    return true;
}

void TokenBucket::throttle(double factor)
{
    if (unlimited())
        return;
    refill();
    const qint64 now = m_clock.nowMs();
    m_tokens = 0;
    // The 429s of requests that were in flight together answer the same burst: slow down once.
    if (m_throttledFactor < 1.0 && now - m_throttledAt < sameBurstMs)
        return;
    m_throttledFactor = std::clamp(factorAt(double(now)) * factor, minimumFactor, 1.0);
    m_throttledAt = now;
}

void TokenBucket::pauseFor(qint64 ms)
{
    const qint64 until = m_clock.nowMs() + std::max<qint64>(0, ms);
    if (until <= m_pausedUntil)
        return;
    refill();
    m_pausedUntil = until;
    // The server said when to come back: one request then, the rate after.
    m_tokens = 1.0;
    m_last = std::max(m_last, until);
}

void TokenBucket::applyHeaders(int remaining, double resetSeconds)
{
    if (remaining <= 0) {
        // A rolling window frees a slot as its oldest request ages out, long before the
        // window's length; a resetting one only when it resets.
        if (m_rolling) {
            pauseFor(qint64(std::ceil(1.0 / m_ratePerMs)));
            return;
        }
        const double window = unlimited() ? 1000.0 : m_capacity / m_ratePerMs;
        pauseFor(qint64(std::ceil(resetSeconds > 0 ? resetSeconds * 1000.0 : window)));
        return;
    }
    refill();
    if (!unlimited())
        m_tokens = std::min(m_tokens, double(remaining));
}

} // namespace Ebb
