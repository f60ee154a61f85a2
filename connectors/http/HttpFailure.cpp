#include "HttpFailure.h"

namespace Ebb {

HttpFailure HttpFailure::retry(int status, QString message, bool throttled, std::optional<qint64> waitMs)
{
    return {Kind::Retry, status, std::move(message), throttled, waitMs};
}

HttpFailure HttpFailure::split(int status, QString message)
{
    return {Kind::Split, status, std::move(message), false, std::nullopt};
}

HttpFailure HttpFailure::fatal(int status, QString message)
{
    return {Kind::Fatal, status, std::move(message), false, std::nullopt};
}

HttpFailure HttpFailure::fromStatus(int status, QString message)
{
    switch (status) {
    case 429:
        return retry(status, std::move(message), true);
    case 503:
        return retry(status, std::move(message), true);
    case 423:
        return retry(status, std::move(message), false, 2000); // HubSpot: wait at least 2 s
    case 408:
        return retry(status, std::move(message));
    case 401:
    case 403:
    case 404:
    case 405:
    case 410:
        return fatal(status, std::move(message));
    default:
        break;
    }
    if (status >= 500)
        return retry(status, std::move(message));
    if (status >= 400)
        return split(status, std::move(message));
    // 1xx and 3xx (redirects are not followed: a POST must not wander, nor carry a token elsewhere).
    return fatal(status, std::move(message));
}

HttpFailure HttpFailure::fromNetworkError(QNetworkReply::NetworkError error, const QString& errorString)
{
    switch (error) {
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::AuthenticationRequiredError:
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        return fatal(0, errorString);
    default:
        // Timeouts, refused or reset connections, DNS hiccups: worth another try.
        return retry(0, errorString);
    }
}

} // namespace Ebb
