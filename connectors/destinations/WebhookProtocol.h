#pragma once

#include "connectors/http/HttpProtocol.h"

#include <QHash>
#include <QUrl>

namespace Ebb {

// A webhook as Standard Webhooks 1.0 has it: each record an event
// {"type": "<sync>.<operation>", "timestamp": "…Z", "data": <the mapped record>}, POSTed as
// one JSON object, or as a JSON array of them when a batch holds several. Signed when the
// connection has a secret: webhook-id (the same for the same events, so a retry or a re-send
// is recognisably the same message: the receiver's idempotency key), webhook-timestamp (Unix
// seconds of the attempt) and webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>".
// Only 2xx acknowledges; everything else goes by HttpFailure::fromStatus (410 and 3xx stop
// the run; 429 and 5xx are retried after Retry-After).
class WebhookProtocol : public HttpProtocol
{
public:
    // `secret`: "whsec_<base64 key>" (Standard Webhooks), or the key's bytes; empty: unsigned.
    WebhookProtocol(QUrl url, const QString& secret, QString sync, QHash<QByteArray, QByteArray> headers);

    QNetworkRequest request(const QList<OutgoingRecord>& batch, const QByteArray& body) const override;
    QByteArray body(const QList<OutgoingRecord>& batch) const override;
    const QUrl& url() const { return m_url; }
    HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const override;

    // The message id of a batch: a digest of the sync and the records' keys and payloads.
    QByteArray messageId(const QList<OutgoingRecord>& batch) const;
    // "v1,<base64>" for the id, timestamp and body, with the secret's key.
    static QByteArray signature(const QByteArray& key, const QByteArray& id, qint64 timestamp, const QByteArray& body);
    // The HMAC key of a "whsec_…" secret (its base64 part), or the secret's own bytes.
    static QByteArray keyOf(const QString& secret);

private:
    QUrl m_url;
    QByteArray m_key;
    QString m_sync;
    QHash<QByteArray, QByteArray> m_headers;
};

} // namespace Ebb
