#pragma once

#include <QNetworkReply>
#include <QString>
#include <optional>

namespace Ebb {

// Why a whole request failed, and so what the dispatcher does about it (the table at the end
// of docs/API-CONTRACTS.md). Per-record refusals are not failures: they are outcomes.
struct HttpFailure
{
    enum class Kind {
        Retry, // try the same request later: 429, 423, 5xx, a timeout, a refused connection
        Split, // the batch as a whole was refused (400/422 with many records): halve it to find the bad ones
        Fatal, // cannot succeed in this run: 401/403 auth or scopes, 404 object; stop the run
    };

    Kind kind = Kind::Retry;
    int status = 0; // the HTTP status; 0 when no answer came
    QString message; // for the user: what happened, in the destination's words where it gave any
    bool throttled = false; // a rate-limit answer: slow the connection's token bucket down
    std::optional<qint64> waitMs; // the protocol's own floor for the wait (HubSpot 423: 2 s)

    static HttpFailure retry(
        int status, QString message, bool throttled = false, std::optional<qint64> waitMs = std::nullopt);
    static HttpFailure split(int status, QString message);
    static HttpFailure fatal(int status, QString message);

    // The classification for a status when the protocol knows nothing better.
    static HttpFailure fromStatus(int status, QString message);
    // A request that got no HTTP answer at all.
    static HttpFailure fromNetworkError(QNetworkReply::NetworkError error, const QString& errorString);
};

} // namespace Ebb
