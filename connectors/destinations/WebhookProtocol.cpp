#include "WebhookProtocol.h"

#include "connectors/http/HttpFailure.h"
#include "models/mapping/KeyCodec.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QNetworkRequest>

namespace Ebb {

namespace {

// A JSON string for `text` (the sync's id and a deleted key's text).
QByteArray jsonString(const QString& text)
{
    QByteArray out;
    PayloadJson::appendValue(out, text);
    return out;
}

} // namespace

WebhookProtocol::WebhookProtocol(QUrl url, const QString& secret, QString sync, QHash<QByteArray, QByteArray> headers)
    : m_url(std::move(url))
    , m_key(keyOf(secret))
    , m_sync(std::move(sync))
    , m_headers(std::move(headers))
{
}

QByteArray WebhookProtocol::keyOf(const QString& secret)
{
    if (secret.startsWith(QLatin1String("whsec_")))
        return QByteArray::fromBase64(secret.mid(6).toLatin1());
    return secret.toUtf8();
}

QByteArray WebhookProtocol::messageId(const QList<OutgoingRecord>& batch) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_sync.toUtf8());
    for (const OutgoingRecord& record : batch) {
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(QByteArray::number(int(record.operation)));
        hash.addData(record.key);
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(record.json);
    }
    return "msg_" + hash.result().toHex().left(32);
}

QByteArray WebhookProtocol::signature(
    const QByteArray& key, const QByteArray& id, qint64 timestamp, const QByteArray& body)
{
    const QByteArray signedContent = id + '.' + QByteArray::number(timestamp) + '.' + body;
    return "v1," + QMessageAuthenticationCode::hash(signedContent, key, QCryptographicHash::Sha256).toBase64();
}

QByteArray WebhookProtocol::body(const QList<OutgoingRecord>& batch) const
{
    const QByteArray timestamp
        = jsonString(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
    QByteArray out;
    if (batch.size() != 1)
        out += '[';
    for (int i = 0; i < batch.size(); ++i) {
        const OutgoingRecord& record = batch[i];
        if (i > 0)
            out += ',';
        out += "{\"type\":"
            + jsonString(m_sync + QLatin1Char('.') + QLatin1String(OutgoingRecord::operationName(record.operation)))
            + ",\"timestamp\":" + timestamp + ",\"data\":";
        // A delete carries the key it removes (and the match field's value, when there is one).
        if (record.operation == OutgoingRecord::Operation::Delete) {
            out += "{\"key\":" + jsonString(KeyCodec::text(record.key));
            if (record.matchValue.isValid()) {
                out += ",\"match\":";
                PayloadJson::appendValue(out, record.matchValue);
            }
            out += '}';
        } else {
            out += record.json;
        }
        out += '}';
    }
    if (batch.size() != 1)
        out += ']';
    return out;
}

QNetworkRequest WebhookProtocol::request(const QList<OutgoingRecord>& batch, const QByteArray& body) const
{
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Ebb"));
    for (auto it = m_headers.cbegin(); it != m_headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    if (!m_key.isEmpty()) {
        const QByteArray id = messageId(batch);
        const qint64 timestamp = QDateTime::currentSecsSinceEpoch();
        request.setRawHeader(QByteArrayLiteral("webhook-id"), id);
        request.setRawHeader(QByteArrayLiteral("webhook-timestamp"), QByteArray::number(timestamp));
        request.setRawHeader(QByteArrayLiteral("webhook-signature"), signature(m_key, id, timestamp, body));
    }
    return request;
}

HttpAnswer WebhookProtocol::parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const
{
    if (status >= 200 && status < 300)
        return QList<RecordOutcome>(batch.size(), RecordOutcome{true, {}, false});
    // The dispatcher names the status; the message is what the receiver said.
    const QString said = QString::fromUtf8(body.left(300)).simplified();
    const QString message = said.isEmpty() ? QStringLiteral("(no answer body)") : said;
    if (status == 410)
        return HttpFailure::fatal(status, message + QStringLiteral(" (the endpoint is gone: the sync stops)"));
    return HttpFailure::fromStatus(status, message);
}

} // namespace Ebb
