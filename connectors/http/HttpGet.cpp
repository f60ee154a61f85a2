#include "HttpGet.h"

#include "RateLimitHeaders.h"

#include <QDateTime>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <algorithm>

namespace Ebb {

Result<HttpGet::Answer> HttpGet::fetch(QNetworkRequest request, int timeoutMs, int attempts)
{
    return send(std::move(request), nullptr, timeoutMs, attempts);
}

Result<HttpGet::Answer> HttpGet::postForm(QNetworkRequest request, const QByteArray& form, int timeoutMs)
{
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    return send(std::move(request), &form, timeoutMs, 1);
}

Result<HttpGet::Answer> HttpGet::send(QNetworkRequest request, const QByteArray* form, int timeoutMs, int attempts)
{
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkAccessManager network;
    for (int attempt = 1;; ++attempt) {
        QNetworkReply* reply = form ? network.post(request, *form) : network.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (answer.status == 0) {
            const QString why = reply->error() == QNetworkReply::OperationCanceledError
                ? QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000)
                : reply->errorString();
            return Error{Error::Category::Network,
                QStringLiteral("%1 %2: %3")
                    .arg(form ? QStringLiteral("POST") : QStringLiteral("GET"),
                        request.url().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo), why),
                {}};
        }
        answer.body = reply->readAll();
        answer.headers = reply->rawHeaderPairs();
        const bool again = answer.status == 429 || answer.status >= 500;
        if (!again || attempt >= attempts)
            return answer;
        const RateLimitHeaders limits = RateLimitHeaders::parse(answer.headers, QDateTime::currentDateTimeUtc());
        const qint64 wait
            = std::min<qint64>(10000, limits.retryAfterMs.value_or(limits.resetMs.value_or(1000 * attempt)));
        QThread::msleep(quint64(std::max<qint64>(0, wait)));
    }
}

} // namespace Ebb
