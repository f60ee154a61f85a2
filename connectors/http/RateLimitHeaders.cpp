#include "RateLimitHeaders.h"

#include "Backoff.h"

#include <algorithm>

namespace Ebb {

namespace {

// A hostile or broken server's numbers are clamped before any arithmetic (a double past 2^63
// made qint64(n) undefined, and n * 1000 overflowed), high enough for a Unix time in
// seconds; the waits made of them are clamped to Backoff::maxWaitMs after.
constexpr double maxNumber = 1e12;

std::optional<qint64> number(const QByteArray& value)
{
    bool ok = false;
    const double n = value.trimmed().toDouble(&ok);
    if (!ok || !(n >= 0)) // also refuses NaN
        return std::nullopt;
    return qint64(std::min(n, maxNumber));
}

} // namespace

RateLimitHeaders RateLimitHeaders::parse(const QList<QPair<QByteArray, QByteArray>>& headers, const QDateTime& now)
{
    RateLimitHeaders parsed;
    std::optional<qint64> intervalMs;
    for (const auto& [rawName, value] : headers) {
        const QByteArray name = rawName.toLower();
        if (name == "retry-after") {
            parsed.retryAfterMs = Backoff::parseRetryAfter(value, now);
        } else if (name == "x-hubspot-ratelimit-remaining" || name == "x-rate-limit-remaining"
            || name == "x-ratelimit-remaining" || name == "ratelimit-remaining") {
            if (const auto n = number(value))
                parsed.remaining = int(std::min<qint64>(*n, 1 << 30));
        } else if (name == "x-hubspot-ratelimit-interval-milliseconds") {
            intervalMs = number(value);
        } else if (name == "x-ratelimit-reset" || name == "ratelimit-reset") {
            if (const auto n = number(value)) {
                // Some APIs send a Unix time (GitHub), most a number of seconds.
                constexpr qint64 looksLikeUnixTime = 1'000'000'000;
                parsed.resetMs = *n >= looksLikeUnixTime
                    ? std::clamp<qint64>(*n * 1000 - now.toMSecsSinceEpoch(), 0, Backoff::maxWaitMs)
                    : std::min<qint64>(*n * 1000, Backoff::maxWaitMs);
            }
        }
    }
    if (!parsed.resetMs && intervalMs)
        parsed.resetMs = std::min<qint64>(*intervalMs, Backoff::maxWaitMs);
    return parsed;
}

} // namespace Ebb
