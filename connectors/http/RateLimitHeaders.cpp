#include "RateLimitHeaders.h"

#include "Backoff.h"

namespace Ebb {

namespace {

std::optional<qint64> number(const QByteArray& value)
{
    bool ok = false;
    const double n = value.trimmed().toDouble(&ok);
    if (!ok || n < 0)
        return std::nullopt;
    return qint64(n);
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
                parsed.resetMs
                    = *n >= looksLikeUnixTime ? std::max<qint64>(0, *n * 1000 - now.toMSecsSinceEpoch()) : *n * 1000;
            }
        }
    }
    if (!parsed.resetMs && intervalMs)
        parsed.resetMs = intervalMs;
    return parsed;
}

} // namespace Ebb
