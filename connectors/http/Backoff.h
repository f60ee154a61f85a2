#pragma once

#include <QByteArray>
#include <QDateTime>
#include <functional>
#include <optional>

namespace Ebb {

struct BackoffPolicy
{
    qint64 baseMs = 500; // the ceiling of the first retry's delay
    qint64 capMs = 30000; // no ceiling grows past this
    int maxAttempts = 5; // attempts in all, the first one included
};

// Exponential back-off with full jitter (AWS's "Exponential Backoff and Jitter"): the n-th
// retry waits a uniform random time in [0, min(cap, base * 2^(n-1))), so clients that failed
// together do not retry together. A server's Retry-After is a floor, never shortened.
class Backoff
{
public:
    // The longest wait any server can ask for (a day: HubSpot's DAILY window); a larger
    // Retry-After or reset is clamped, so no header value overflows the arithmetic after it.
    static constexpr qint64 maxWaitMs = 24LL * 3600 * 1000;
    // `random` returns a number in [0, 1); tests pass a fixed one.
    explicit Backoff(BackoffPolicy policy = {}, std::function<double()> random = {});

    const BackoffPolicy& policy() const { return m_policy; }
    void setRandomSource(std::function<double()> random);

    // The wait before the next attempt, after `failures` failed attempts (1 for the first retry).
    qint64 delayMs(int failures, std::optional<qint64> floorMs = std::nullopt) const;
    // The ceiling the jitter is drawn under.
    qint64 ceilingMs(int failures) const;
    bool exhausted(int attempts) const { return attempts >= m_policy.maxAttempts; }

    // A Retry-After value, delay-seconds or an HTTP-date (RFC 9110 §10.2.3), as milliseconds
    // from `now`; nullopt when it is neither. A date in the past is 0.
    static std::optional<qint64> parseRetryAfter(const QByteArray& value, const QDateTime& now);

private:
    BackoffPolicy m_policy;
    std::function<double()> m_random;
};

} // namespace Ebb
