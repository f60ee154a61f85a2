#pragma once

#include "Backoff.h"
#include "Clock.h"
#include "HttpProtocol.h"
#include "TokenBucket.h"
#include "models/Result.h"

#include <QHash>
#include <QObject>
#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

class QEventLoop;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace Ebb {

struct RateLimitHeaders;
class RequestLog;

struct DispatcherOptions
{
    int maxBatchSize = 100; // the destination's documented maximum
    int maxInFlight = 4; // requests at once
    int timeoutMs = 30000; // per request, while no byte moves (QNetworkRequest::setTransferTimeout)
    int deadlineMs = 300000; // per request, all told: a server trickling bytes cannot hold a run for ever
    qint64 maxAnswerBytes = 16 << 20; // a larger answer is cut off: no per-record result is that long
    RateLimit rateLimit; // the connection's documented limit; 0 requests: none
    BackoffPolicy backoff;
    double throttleFactor = 0.5; // the rate after a rate-limit answer; it climbs back over ten windows
    qint64 maxWaitMs = 120000; // a server that wants a longer pause: give up on this run, keep the records pending
};

struct DispatchResult
{
    // One per record, in order. nullopt: never acknowledged nor refused because the run was
    // cancelled or stopped first; such a record stays pending.
    QList<std::optional<RecordOutcome>> outcomes;
    std::optional<Error> fatal; // the run must stop (401/403, 404 object); nothing more was sent
    bool cancelled = false;
    int requests = 0;
    int retries = 0;
    int splits = 0;
};

// Sends records to an HTTP destination the way docs/ARCHITECTURE.md's "Dispatch" step says:
// batches of the destination's maximum size, a token bucket per connection, several requests
// in flight, full-jitter exponential back-off honouring Retry-After and rate-limit headers,
// halving a batch refused as a whole until the bad records stand alone, request timeouts and
// a maximum number of attempts. Records that end without an acknowledgement are reported so;
// the engine commits only acknowledged ones, so nothing is lost.
//
// Lives on the sync worker's thread: dispatch() and send() run a local event loop until every
// batch is settled (never call them on the GUI thread). Cancel is checked before every
// request: nothing new starts once it is set, and what is in flight finishes.
class Dispatcher : public QObject
{
    Q_OBJECT

public:
    Dispatcher(HttpProtocol& protocol, DispatcherOptions options, const std::atomic_bool* cancel = nullptr,
        QObject* parent = nullptr);
    ~Dispatcher() override;

    DispatchResult dispatch(const QList<OutgoingRecord>& records);
    // For Destination::write(): one outcome per record in order; a record that was not sent
    // is a failure that says so. A fatal answer is an Error.
    Result<QList<RecordOutcome>> send(const QList<OutgoingRecord>& records);

    const DispatcherOptions& options() const { return m_options; }
    TokenBucket& bucket() { return m_bucket; }
    // Every request and answer from now on goes to `log` too (it must outlive this dispatcher).
    void setRequestLog(RequestLog* log) { m_requestLog = log; }
    // Tests make the jitter predictable.
    void setRandomSource(std::function<double()> random) { m_backoff.setRandomSource(std::move(random)); }

private:
    struct Job
    {
        int first = 0; // a contiguous range of the records
        int count = 0;
        int attempts = 0;
        qint64 readyAtMs = 0;
    };

    void pump();
    void start(const Job& job);
    void onFinished(QNetworkReply* reply);
    void onFailure(Job job, const HttpFailure& failure, const RateLimitHeaders& limits);
    void settle(const Job& job, const QList<RecordOutcome>& outcomes);
    void giveUp(const Job& job, const QString& why);
    void stop(Error error);
    void logExchange(
        QNetworkReply* reply, const Job& job, int status, const QByteArray& answerBody, const HttpAnswer& answer);
    void wakeIn(qint64 ms);
    bool done() const;
    QList<OutgoingRecord> recordsOf(const Job& job) const;

    HttpProtocol& m_protocol;
    DispatcherOptions m_options;
    const std::atomic_bool* m_cancel;
    SteadyClock m_clock;
    TokenBucket m_bucket;
    Backoff m_backoff;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QTimer* m_wake;

    // The dispatch() in progress.
    const QList<OutgoingRecord>* m_records = nullptr;
    QEventLoop* m_loop = nullptr;
    DispatchResult m_result;
    std::deque<Job> m_ready; // may start as soon as the bucket and the in-flight limit allow
    std::vector<Job> m_waiting; // retries waiting for their back-off
    QHash<QNetworkReply*, Job> m_inFlight;
    bool m_stopped = false;
    RequestLog* m_requestLog = nullptr;
    int m_refreshes = 0; // access tokens refreshed after a 401
};

} // namespace Ebb
