#include "HttpCall.h"

#include "RateLimitHeaders.h"
#include "RequestLog.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <algorithm>

namespace Ebb {

Result<HttpCall::Answer> HttpCall::fetch(QNetworkRequest request, int timeoutMs, int attempts)
{
    return send(std::move(request), QByteArrayLiteral("GET"), {}, Options{timeoutMs, attempts, nullptr, 0});
}

Result<HttpCall::Answer> HttpCall::postForm(QNetworkRequest request, const QByteArray& form, int timeoutMs)
{
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    return send(std::move(request), QByteArrayLiteral("POST"), form, Options{timeoutMs, 1, nullptr, 0});
}

Result<HttpCall::Answer> HttpCall::send(
    QNetworkRequest request, const QByteArray& verb, const QByteArray& body, Options options)
{
    request.setTransferTimeout(options.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkAccessManager network;
    for (int attempt = 1;; ++attempt) {
        QElapsedTimer clock;
        clock.start();
        QNetworkReply* reply = verb == "GET" ? network.get(request) : network.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString failure;
        if (answer.status == 0) {
            const QString why = reply->error() == QNetworkReply::OperationCanceledError
                ? QStringLiteral("no answer within %1 s").arg(options.timeoutMs / 1000)
                : reply->errorString();
            failure = QStringLiteral("%1 %2: %3")
                          .arg(QString::fromLatin1(verb),
                              request.url().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo), why);
        } else {
            answer.body = reply->readAll();
            answer.headers = reply->rawHeaderPairs();
        }
        if (options.log) {
            RequestLog::Exchange exchange;
            exchange.method = verb;
            exchange.url = request.url().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
            exchange.records = options.records;
            exchange.attempt = attempt;
            exchange.status = answer.status;
            exchange.ms = clock.elapsed();
            exchange.request = body;
            exchange.answer = answer.body;
            if (answer.status == 0 || answer.status >= 300)
                exchange.error = failure.isEmpty() ? QStringLiteral("HTTP %1").arg(answer.status) : failure;
            options.log->add(exchange);
        }
        if (answer.status == 0)
            return Error{Error::Category::Network, failure, {}};
        const bool again = answer.status == 429 || answer.status >= 500;
        if (!again || attempt >= options.attempts)
            return answer;
        const RateLimitHeaders limits = RateLimitHeaders::parse(answer.headers, QDateTime::currentDateTimeUtc());
        const qint64 wait
            = std::min<qint64>(10000, limits.retryAfterMs.value_or(limits.resetMs.value_or(1000 * attempt)));
        QThread::msleep(quint64(std::max<qint64>(0, wait)));
    }
}

} // namespace Ebb
