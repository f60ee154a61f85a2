#pragma once

#include "connectors/http/HttpProtocol.h"
#include "models/destination/DestinationSchema.h"

#include <QHash>
#include <QMutex>
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

    // A delete names its record by the match field, an archive needs HubSpot's id: deletes go
    // in two passes, first batch/read by the match field (Lookup: the ids found are kept),
    // then batch/archive of those ids (Archive). The destination switches between sends.
    enum class DeletePass { Lookup, Archive };
    void setDeletePass(DeletePass pass) { m_deletePass = pass; }
    bool deletesByLookup() const { return !byHubSpotId(); }
    const QString& matchField() const { return m_matchField; }
    // The ids batch/read found since the last call: match field value → HubSpot id.
    QHash<QString, QString> takeFound();
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
    DeletePass m_deletePass = DeletePass::Archive;
    mutable QMutex m_foundMutex; // parse() runs for each answer as it comes
    mutable QHash<QString, QString> m_found;
};

} // namespace Ebb
