#include "Dispatcher.h"

#include "RateLimitHeaders.h"
#include "RequestLog.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <limits>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

DispatcherOptions sanitized(DispatcherOptions options)
{
    options.maxBatchSize = std::max(1, options.maxBatchSize);
    options.maxInFlight = std::max(1, options.maxInFlight);
    options.timeoutMs = std::max(1, options.timeoutMs);
    options.deadlineMs = std::max(1, options.deadlineMs);
    options.throttleFactor = std::clamp(options.throttleFactor, 0.01, 1.0);
    return options;
}

// Where a request went, for logs: no user info, no query (some APIs take keys there), no headers.
std::string target(const QNetworkRequest& request, const QByteArray& verb)
{
    const QString url = request.url().toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    return (QString::fromLatin1(verb) + QLatin1Char(' ') + url).toStdString();
}

QString describe(const HttpFailure& failure)
{
    if (failure.status == 0)
        return failure.message;
    if (failure.message.isEmpty())
        return QStringLiteral("HTTP %1").arg(failure.status);
    return QStringLiteral("HTTP %1: %2").arg(failure.status).arg(failure.message);
}

std::optional<qint64> later(std::optional<qint64> a, std::optional<qint64> b)
{
    if (a && b)
        return std::max(*a, *b);
    return a ? a : b;
}

} // namespace

Dispatcher::Dispatcher(
    HttpProtocol& protocol, DispatcherOptions options, const std::atomic_bool* cancel, QObject* parent)
    : QObject(parent)
    , m_protocol(protocol)
    , m_options(sanitized(options))
    , m_cancel(cancel)
    , m_bucket(m_options.rateLimit, m_clock)
    , m_backoff(m_options.backoff)
    , m_wake(new QTimer(this))
{
    m_wake->setSingleShot(true);
    m_wake->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early and spin
    connect(m_wake, &QTimer::timeout, this, &Dispatcher::pump);
}

Dispatcher::~Dispatcher() = default;

DispatchResult Dispatcher::dispatch(const QList<OutgoingRecord>& records)
{
    Q_ASSERT_X(!m_loop, "Dispatcher::dispatch", "not reentrant");
    Q_ASSERT_X(thread() == QThread::currentThread(), "Dispatcher::dispatch",
        "build the dispatcher on the thread that sends (or move it there)");
    // Made here, so the access manager lives on the sending thread even when we were moved.
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();

    m_records = &records;
    m_result = DispatchResult{};
    m_result.outcomes.resize(records.size());
    m_ready.clear();
    m_waiting.clear();
    m_stopped = false;
    for (int first = 0; first < records.size(); first += m_options.maxBatchSize)
        m_ready.push_back(Job{first, std::min(m_options.maxBatchSize, int(records.size()) - first)});

    QEventLoop loop;
    m_loop = &loop;
    pump();
    // A token refresh waits for its answer in a loop of its own, where the other requests'
    // answers may come in and find the dispatch done (and quit) before the refreshed request
    // is sent again: go on until it really is done.
    while (!done())
        loop.exec();
    m_loop = nullptr;
    m_wake->stop();
    m_records = nullptr;
    return std::exchange(m_result, DispatchResult{});
}

Result<QList<RecordOutcome>> Dispatcher::send(const QList<OutgoingRecord>& records)
{
    DispatchResult result = dispatch(records);
    if (result.fatal)
        return *result.fatal;
    QList<RecordOutcome> outcomes;
    outcomes.reserve(result.outcomes.size());
    for (const auto& outcome : std::as_const(result.outcomes))
        outcomes.append(
            outcome ? *outcome : RecordOutcome{false, QStringLiteral("not sent: the run was cancelled"), true});
    return outcomes;
}

bool Dispatcher::done() const
{
    return m_inFlight.isEmpty() && (m_stopped || (m_ready.empty() && m_waiting.empty()));
}

void Dispatcher::pump()
{
    if (!m_stopped && m_cancel && m_cancel->load()) {
        if (!m_ready.empty() || !m_waiting.empty()) {
            m_result.cancelled = true;
            spdlog::info("dispatch cancelled: {} request(s) in flight finish, nothing new starts", m_inFlight.size());
        }
        m_stopped = true;
        m_ready.clear();
        m_waiting.clear();
    }
    if (!m_stopped) {
        const qint64 now = m_clock.nowMs();
        // Retries whose wait is over go first, oldest batch first.
        std::vector<Job> due;
        for (auto it = m_waiting.begin(); it != m_waiting.end();) {
            if (it->readyAtMs <= now) {
                due.push_back(*it);
                it = m_waiting.erase(it);
            } else {
                ++it;
            }
        }
        std::sort(due.begin(), due.end(), [](const Job& a, const Job& b) { return a.first > b.first; });
        for (const Job& job : due)
            m_ready.push_front(job);

        while (m_inFlight.size() < m_options.maxInFlight && !m_ready.empty()) {
            const qint64 wait = m_bucket.delayForNextMs();
            if (wait > m_options.maxWaitMs) {
                // The server's window will not reopen within any reasonable wait: leave the rest for the next run.
                const QString why
                    = QStringLiteral("not sent: the destination's rate limit is used up for the next %1 s")
                          .arg((wait + 999) / 1000);
                while (!m_ready.empty()) {
                    giveUp(m_ready.front(), why);
                    m_ready.pop_front();
                }
                break;
            }
            if (wait > 0) {
                wakeIn(wait);
                break;
            }
            m_bucket.tryTake();
            const Job job = m_ready.front();
            m_ready.pop_front();
            start(job);
        }
        if (!m_waiting.empty()) {
            const auto next = std::min_element(m_waiting.begin(), m_waiting.end(),
                [](const Job& a, const Job& b) { return a.readyAtMs < b.readyAtMs; });
            wakeIn(std::max<qint64>(0, next->readyAtMs - now));
        }
    }
    if (done() && m_loop)
        m_loop->quit();
}

void Dispatcher::wakeIn(qint64 ms)
{
    if (!m_wake->isActive() || m_wake->remainingTime() > ms)
        m_wake->start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
}

QList<OutgoingRecord> Dispatcher::recordsOf(const Job& job) const
{
    return m_records->mid(job.first, job.count);
}

void Dispatcher::start(const Job& job)
{
    const QList<OutgoingRecord> batch = recordsOf(job);
    const QByteArray body = m_protocol.body(batch);
    QNetworkRequest request = m_protocol.request(batch, body);
    request.setTransferTimeout(m_options.timeoutMs);
    // A POST must not wander: a redirect is an answer, and the token stays with its host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    const QByteArray verb = m_protocol.verb(batch);
    QNetworkReply* reply = m_network->sendCustomRequest(request, verb, body);
    if (m_requestLog) {
        reply->setProperty("ebbBody", body);
        reply->setProperty("ebbStartedMs", m_clock.nowMs());
    }
    ++m_result.requests;
    m_inFlight.insert(reply, job);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    // A hostile or broken server may answer without end, or forever slowly: both are cut off,
    // and the reply says why (the records stay pending, as for any unanswered request).
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64) {
        if (received > m_options.maxAnswerBytes && !reply->property("ebbCutOff").isValid()) {
            reply->setProperty(
                "ebbCutOff", QStringLiteral("an answer of more than %1 bytes").arg(m_options.maxAnswerBytes));
            reply->abort();
        }
    });
    QTimer::singleShot(m_options.deadlineMs, reply, [this, reply] {
        if (reply->isRunning()) {
            reply->setProperty(
                "ebbCutOff", QStringLiteral("no whole answer within %1 s").arg(m_options.deadlineMs / 1000.0));
            reply->abort();
        }
    });
    spdlog::debug("dispatch: {} with {} record(s), attempt {}, {} in flight", target(request, verb), job.count,
        job.attempts + 1, m_inFlight.size());
}

void Dispatcher::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    const auto it = m_inFlight.constFind(reply);
    if (it == m_inFlight.cend())
        return;
    const Job job = it.value();
    m_inFlight.erase(it);

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_protocol.observe(reply->rawHeaderPairs());
    const RateLimitHeaders limits = RateLimitHeaders::parse(reply->rawHeaderPairs(), QDateTime::currentDateTimeUtc());
    if (limits.remaining)
        m_bucket.applyHeaders(*limits.remaining, double(limits.resetMs.value_or(0)) / 1000.0);

    // Network-layer and proxy errors (Qt numbers them below 200) mean no whole answer came,
    // even when a status line did before the connection dropped.
    const QNetworkReply::NetworkError error = reply->error();
    const bool transportFailed = status == 0 || (int(error) > 0 && int(error) < 200);
    HttpAnswer answer;
    QByteArray answerBody;
    if (const QVariant cutOff = reply->property("ebbCutOff"); cutOff.isValid()) {
        answer = HttpFailure::retry(0, cutOff.toString());
    } else if (transportFailed) {
        // Aborts made here are marked (ebbCutOff): an unmarked cancelled one hit the transfer timeout.
        if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError)
            answer = HttpFailure::retry(0, QStringLiteral("no answer within %1 s").arg(m_options.timeoutMs / 1000.0));
        else
            answer = HttpFailure::fromNetworkError(error, reply->errorString());
    } else {
        answerBody = reply->readAll();
        answer = m_protocol.parse(status, answerBody, recordsOf(job));
    }
    if (m_requestLog)
        logExchange(reply, job, transportFailed ? 0 : status, answerBody, answer);

    if (const auto* outcomes = std::get_if<QList<RecordOutcome>>(&answer)) {
        if (outcomes->size() != job.count)
            stop(Error{Error::Category::Internal,
                QStringLiteral("the destination's answer held %1 outcomes for %2 records")
                    .arg(outcomes->size())
                    .arg(job.count),
                {}});
        else
            settle(job, *outcomes);
    } else {
        onFailure(job, std::get<HttpFailure>(answer), limits);
    }
    pump();
}

void Dispatcher::settle(const Job& job, const QList<RecordOutcome>& outcomes)
{
    for (int i = 0; i < job.count; ++i)
        m_result.outcomes[job.first + i] = outcomes.at(i);
}

void Dispatcher::giveUp(const Job& job, const QString& why)
{
    spdlog::warn("dispatch: {} record(s) stay pending: {}", job.count, why.toStdString());
    settle(job, QList<RecordOutcome>(job.count, RecordOutcome{false, why, true}));
}

void Dispatcher::onFailure(Job job, const HttpFailure& failure, const RateLimitHeaders& limits)
{
    const QString what = describe(failure);
    switch (failure.kind) {
    case HttpFailure::Kind::Fatal:
        // An expired token is refreshed, if the connection can, and the request goes again
        // (three times a run at most: a token that expires at once is no token).
        if (failure.status == 401 && m_refreshes < 3 && m_protocol.refreshCredentials()) {
            ++m_refreshes;
            spdlog::info("dispatch: the access token expired; refreshed, sending again");
            m_ready.push_front(job);
            pump();
            return;
        }
        stop(Error{Error::Category::Network, QStringLiteral("The destination refused the run: %1").arg(what), {}});
        return;
    case HttpFailure::Kind::Split:
        if (job.count == 1) {
            settle(job, {RecordOutcome{false, what}});
            return;
        }
        {
            // One bad record can sink a batch: halve it until the bad ones stand alone.
            ++m_result.splits;
            const int half = job.count / 2;
            spdlog::info(
                "dispatch: {} record(s) refused as a whole ({}); trying halves", job.count, what.toStdString());
            m_ready.push_front(Job{job.first + half, job.count - half});
            m_ready.push_front(Job{job.first, half});
        }
        return;
    case HttpFailure::Kind::Retry:
        break;
    }

    ++job.attempts;
    if (failure.throttled)
        m_bucket.throttle(m_options.throttleFactor);
    // The server's word on when to come back is a floor; HubSpot sends none, so its interval is.
    std::optional<qint64> floor = later(failure.waitMs, limits.retryAfterMs);
    if (!limits.retryAfterMs && failure.throttled)
        floor = later(floor, limits.resetMs);
    if (floor && *floor > m_options.maxWaitMs) {
        giveUp(job,
            QStringLiteral("%1; the destination asks to wait %2 s, longer than a run waits")
                .arg(what)
                .arg((*floor + 999) / 1000));
        return;
    }
    if (m_backoff.exhausted(job.attempts)) {
        giveUp(job, QStringLiteral("%1 (gave up after %2 attempts)").arg(what).arg(job.attempts));
        return;
    }
    const qint64 delay = m_backoff.delayMs(job.attempts, floor);
    if (floor)
        m_bucket.pauseFor(*floor); // every request waits, not only this one
    job.readyAtMs = m_clock.nowMs() + delay;
    m_waiting.push_back(job);
    ++m_result.retries;
    spdlog::warn("dispatch: {} record(s) failed ({}); attempt {} of {} in {} ms", job.count, what.toStdString(),
        job.attempts + 1, m_backoff.policy().maxAttempts, delay);
}

void Dispatcher::logExchange(
    QNetworkReply* reply, const Job& job, int status, const QByteArray& answerBody, const HttpAnswer& answer)
{
    RequestLog::Exchange exchange;
    exchange.method = reply->operation() == QNetworkAccessManager::CustomOperation
        ? reply->request().attribute(QNetworkRequest::CustomVerbAttribute).toByteArray()
        : QByteArrayLiteral("POST");
    exchange.url = reply->url().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    exchange.records = job.count;
    exchange.attempt = job.attempts + 1;
    exchange.status = status;
    exchange.ms = m_clock.nowMs() - reply->property("ebbStartedMs").toLongLong();
    exchange.request = reply->property("ebbBody").toByteArray();
    exchange.answer = answerBody;
    if (const auto* failure = std::get_if<HttpFailure>(&answer)) {
        exchange.error = failure->message;
    } else if (const auto* outcomes = std::get_if<QList<RecordOutcome>>(&answer)) {
        const auto refused
            = std::count_if(outcomes->begin(), outcomes->end(), [](const RecordOutcome& o) { return !o.ok; });
        if (refused > 0)
            exchange.error = QStringLiteral("%1 of %2 record(s) not acknowledged").arg(refused).arg(outcomes->size());
    }
    m_requestLog->add(exchange);
}

void Dispatcher::stop(Error error)
{
    spdlog::error("dispatch stopped: {}", error.message.toStdString());
    m_result.fatal = std::move(error);
    m_stopped = true;
    m_ready.clear();
    m_waiting.clear();
    // Drop what is in flight. Deleting a running reply aborts it; abort() would race with an
    // answer already queued from Qt's HTTP thread (and make Qt complain about a second error).
    const QList<QNetworkReply*> replies = m_inFlight.keys();
    m_inFlight.clear();
    for (QNetworkReply* reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        delete reply;
    }
}

} // namespace Ebb
