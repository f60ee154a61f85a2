#pragma once

#include "HttpFailure.h"
#include "connectors/destinations/Destination.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <variant>

namespace Ebb {

// What a protocol makes of an answer: one outcome per record of the batch, in order, or a
// failure of the request as a whole. (Not a Result<T>: its Error cannot say whether to retry,
// split or stop, and that is the whole point here.)
using HttpAnswer = std::variant<QList<RecordOutcome>, HttpFailure>;

// How one HTTP destination speaks (HubSpot, Salesforce, Zendesk, a webhook): how a batch
// becomes a request and how an answer becomes per-record outcomes. The Dispatcher does the
// rest — batching, rate, concurrency, retries, splitting, timeouts — the same for all.
// Called on the dispatcher's thread, possibly for several batches in flight: keep it stateless.
class HttpProtocol
{
public:
    virtual ~HttpProtocol() = default;

    // URL and headers, Authorization included (the dispatcher never logs headers), for the
    // `body` that body() made of this batch for this attempt (a signature covers it).
    virtual QNetworkRequest request(const QList<OutgoingRecord>& batch, const QByteArray& body) const = 0;
    virtual QByteArray verb(const QList<OutgoingRecord>& batch) const
    {
        Q_UNUSED(batch);
        return QByteArrayLiteral("POST");
    }
    virtual QByteArray body(const QList<OutgoingRecord>& batch) const = 0;

    // Every HTTP answer, whatever its status; HttpFailure::fromStatus() is the usual fallback
    // for statuses the protocol has nothing special to say about.
    virtual HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const = 0;

    // After a 401: gets a fresh access token (an OAuth refresh), true when it did; the
    // request is then sent again. Blocks the dispatcher's thread for one request.
    virtual bool refreshCredentials() { return false; }
    // Every answer's headers, for what a protocol keeps track of (Salesforce's API usage).
    virtual void observe(const QList<QPair<QByteArray, QByteArray>>& headers) { Q_UNUSED(headers); }
};

} // namespace Ebb
