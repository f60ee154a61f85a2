#pragma once

#include "connectors/http/HttpProtocol.h"
#include "models/destination/DestinationSchema.h"

#include <QMutex>
#include <QUrl>

namespace Ebb {

// Zendesk's users API (docs/API-CONTRACTS.md): a batch goes to POST
// /api/v2/users/create_or_update_many (at most 100 users, matched by email or external_id,
// custom fields under "user_fields"); the answer is a job, whose results come later. So an
// accepted request only says the job was queued: its id and records are kept for the
// destination to poll (takeJobs). A 422 is the single record's refusal (or halves a batch);
// 429 waits its Retry-After; 401/403/404 stop the run. Auth: Basic email/token:api_token.
class ZendeskProtocol : public HttpProtocol
{
public:
    struct Job
    {
        QString id;
        QList<QByteArray> keys; // the records it holds, in request order
    };

    ZendeskProtocol(QUrl baseUrl, const QString& email, const QString& token, QString matchField);

    void setSchema(DestinationSchema schema) { m_schema = std::move(schema); }
    const DestinationSchema& schema() const { return m_schema; }

    QNetworkRequest request(const QList<OutgoingRecord>& batch, const QByteArray& body) const override;
    QByteArray body(const QList<OutgoingRecord>& batch) const override;
    HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const override;

    QNetworkRequest get(const QString& path) const;
    QList<Job> takeJobs();
    // A Zendesk error body in one line: "RecordInvalid: Email … is not properly formatted".
    static QString errorText(const QByteArray& body);

private:
    QUrl m_baseUrl;
    QByteArray m_authorization;
    QString m_matchField;
    DestinationSchema m_schema;
    mutable QMutex m_jobsMutex; // parse() runs as each answer comes
    mutable QList<Job> m_jobs;
};

} // namespace Ebb
