#pragma once

#include "connectors/http/HttpProtocol.h"
#include "models/destination/DestinationSchema.h"

#include <QUrl>

namespace Ebb {

// How HubSpot's CRM v3 batch endpoints speak (docs/API-CONTRACTS.md). A batch is one
// operation: upsert → batch/upsert by `idProperty` (the sync's match field), insert →
// batch/create, update → batch/update (by the match field, or HubSpot's id), delete →
// batch/archive (HubSpot's ids). Every input carries an objectWriteTraceId, its place in the
// batch, so errors of a 207 come back to their records; 400 / 409 refuse a batch of many as a
// whole (it is halved) and a batch of one record is that record's refusal. 423 waits 2 s;
// 429 slows the connection down (the rate-limit headers say for how long) unless its policy
// is DAILY, which stops the run and leaves the rest pending; 401, 403 and 404 stop the run.
class HubSpotProtocol : public HttpProtocol
{
public:
    HubSpotProtocol(QUrl baseUrl, QString token, QString object, QString matchField);

    void setSchema(DestinationSchema schema) { m_schema = std::move(schema); }
    const DestinationSchema& schema() const { return m_schema; }

    QNetworkRequest request(const QList<OutgoingRecord>& batch, const QByteArray& body) const override;
    QByteArray body(const QList<OutgoingRecord>& batch) const override;
    HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const override;

    // GET requests of the same connection (properties, schemas), with its token.
    QNetworkRequest get(const QString& path) const;
    // What HubSpot's error body says, in one line: "VALIDATION_ERROR: Property values were not valid: …".
    static QString errorText(const QByteArray& body);

private:
    QString endpoint(OutgoingRecord::Operation operation) const;
    bool byHubSpotId() const;

    QUrl m_baseUrl;
    QString m_token;
    QString m_object;
    QString m_matchField;
    DestinationSchema m_schema;
};

} // namespace Ebb
