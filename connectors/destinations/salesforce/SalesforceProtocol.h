#pragma once

#include "connectors/http/HttpProtocol.h"
#include "models/destination/DestinationSchema.h"

#include <QUrl>

namespace Ebb {

// Salesforce's composite sObject collections (docs/API-CONTRACTS.md), 200 records a request,
// allOrNone false: upsert → PATCH …/composite/sobjects/{SObject}/{external id field} (the
// sync's match field), insert → POST …/composite/sobjects, update → PATCH …/composite/sobjects
// with each record's Id (the match field is Id). Values go as JSON of their type (a NULL as
// null, which clears the field; a skipped one left out). One result per record, in order;
// a 400 refuses a batch as a whole (halved), 403 REQUEST_LIMIT_EXCEEDED is a rate limit, an
// expired token (401 INVALID_SESSION_ID), another 403 or a 404 stop the run.
class SalesforceProtocol : public HttpProtocol
{
public:
    static constexpr const char* defaultVersion = "v59.0";

    SalesforceProtocol(QUrl instanceUrl, QString version, QString token, QString object, QString matchField);

    void setSchema(DestinationSchema schema) { m_schema = std::move(schema); }
    const DestinationSchema& schema() const { return m_schema; }

    QNetworkRequest request(const QList<OutgoingRecord>& batch, const QByteArray& body) const override;
    QByteArray verb(const QList<OutgoingRecord>& batch) const override;
    QByteArray body(const QList<OutgoingRecord>& batch) const override;
    HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const override;

    // A GET of the same connection (describe, the list of sObjects), with its token.
    QNetworkRequest get(const QString& path) const;
    // Salesforce's errors in one line: "REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]".
    static QString errorsText(const QJsonValue& errors);

private:
    QString base() const;

    QUrl m_instanceUrl;
    QString m_version;
    QString m_token;
    QString m_object;
    QString m_matchField;
    DestinationSchema m_schema;
};

} // namespace Ebb
