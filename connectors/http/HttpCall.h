#pragma once

#include "models/Result.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QPair>

namespace Ebb {

class RequestLog;

// One request answered in full, for the calls a connector makes outside a run's dispatch (a
// destination's schema, its list of objects, a job's status, a bulk upload). Blocks the
// calling thread in a local event loop, so never on the GUI thread. TLS is verified (Qt's
// default, never turned off); redirects are not followed (a token stays with its host). A 429
// or a 5xx is tried again, at most `attempts` times in all, after Retry-After or the
// rate-limit interval (capped at 10 s); any other status is the caller's to read. With a
// RequestLog, each attempt is written to it.
class HttpCall
{
public:
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    struct Options
    {
        int timeoutMs = 30000;
        int attempts = 3;
        RequestLog* log = nullptr;
        int records = 0; // for the log: how many records the request carries
    };

    // An Error only when no HTTP answer came (refused, TLS, timeout after `timeoutMs`).
    static Result<Answer> fetch(QNetworkRequest request, int timeoutMs = 30000, int attempts = 3);
    // The same for a form POST (an OAuth token request); never repeated, since it may count.
    static Result<Answer> postForm(QNetworkRequest request, const QByteArray& form, int timeoutMs = 30000);
    // Any verb, with `body` sent as it is (set the request's content type).
    static Result<Answer> send(
        QNetworkRequest request, const QByteArray& verb, const QByteArray& body, Options options);
};

} // namespace Ebb
