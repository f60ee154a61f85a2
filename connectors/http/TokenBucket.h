#pragma once

#include "Clock.h"
#include "models/destination/DestinationSchema.h"

#include <algorithm>

namespace Ebb {

// A token bucket per connection: `requests` tokens of burst, refilled at requests/perSeconds.
// A 429 throttles it (the rate drops by a factor and climbs back linearly over a recovery
// period); rate-limit headers cap the tokens at what the server says is left, and pause
// the bucket until the server's window resets when nothing is left.
class TokenBucket
{
public:
    TokenBucket(RateLimit limit, const Clock& clock);

    bool unlimited() const { return m_capacity <= 0; }
    // How long until tryTake() can succeed; 0 when it can now.
    qint64 delayForNextMs();
    bool tryTake();

    // Multiplies the rate by `factor` (0 < factor <= 1; e.g. 0.5 after a 429) and empties the
    // bucket: a 429 says the server's bucket is empty, so ours should be too. Throttles less
    // than a second apart count once (the requests in flight together all get a 429).
    void throttle(double factor);
    // What the server says: `remaining` requests in the window that resets in `resetSeconds`
    // (for a rolling window, nothing left means a slot frees within one request's share).
    void applyHeaders(int remaining, double resetSeconds);
    // No request before now + ms (Retry-After); then one request at once.
    void pauseFor(qint64 ms);

    // Time for the throttled rate to climb back to the full rate (default: ten windows).
    void setRecoveryMs(qint64 ms) { m_recoveryMs = std::max<qint64>(1, ms); }
    double rateFactor() const { return factorAt(double(m_clock.nowMs())); }
    double tokens()
    {
        refill();
        return m_tokens;
    }

private:
    void refill();
    double factorAt(double t) const;
    double capacityAt(qint64 t) const;
    double refillBetween(qint64 from, qint64 to) const;

    const Clock& m_clock;
    double m_capacity;
    double m_ratePerMs;
    double m_tokens;
    bool m_rolling; // a rolling window (RateLimit::burst set)
    qint64 m_last;
    qint64 m_pausedUntil = 0;
    double m_throttledFactor = 1.0; // the factor right after the last throttle
    qint64 m_throttledAt = 0;
    qint64 m_recoveryMs;
};

} // namespace Ebb
