#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <optional>

namespace Ebb {

// What a response's headers say about the rate limit, whichever API wrote them
// (docs/API-CONTRACTS.md): Retry-After everywhere; HubSpot's X-HubSpot-RateLimit-Remaining
// and -Interval-Milliseconds; Zendesk's X-Rate-Limit-Remaining; the common
// X-RateLimit-Remaining/-Reset and the IETF draft's RateLimit-Remaining/-Reset.
struct RateLimitHeaders
{
    std::optional<qint64> retryAfterMs;
    std::optional<int> remaining;
    // Until the server's window resets; HubSpot only gives its rolling interval, which is the
    // longest that can be.
    std::optional<qint64> resetMs;

    static RateLimitHeaders parse(const QList<QPair<QByteArray, QByteArray>>& headers, const QDateTime& now);
};

} // namespace Ebb
