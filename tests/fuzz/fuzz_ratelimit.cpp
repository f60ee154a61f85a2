// libFuzzer target for the rate-limit parsers: any header a server sends gives a wait within
// [0, Backoff::maxWaitMs] and a remaining count within [0, 2^30], with no overflow (UBSan
// catches signed overflow and out-of-range float conversions in the fuzz build).
#include "connectors/http/Backoff.h"
#include "connectors/http/RateLimitHeaders.h"

#include <QTimeZone>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Ebb;
    static const QByteArray names[] = {"Retry-After", "X-RateLimit-Reset", "X-RateLimit-Remaining", "RateLimit-Reset",
        "X-HubSpot-RateLimit-Interval-Milliseconds", "X-HubSpot-RateLimit-Remaining"};
    const QByteArray value = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, QTimeZone::utc());
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QByteArray& name : names)
        headers.append({name, value});
    const RateLimitHeaders parsed = RateLimitHeaders::parse(headers, now);
    const auto inRange = [](std::optional<qint64> ms) { return !ms || (*ms >= 0 && *ms <= Backoff::maxWaitMs); };
    if (!inRange(parsed.retryAfterMs) || !inRange(parsed.resetMs)
        || (parsed.remaining && (*parsed.remaining < 0 || *parsed.remaining > (1 << 30)))) {
        std::fprintf(stderr, "fuzz_ratelimit: out of range for %s\n", value.constData());
        std::abort();
    }
    if (!inRange(Backoff::parseRetryAfter(value, now)))
        std::abort();
    return 0;
}
