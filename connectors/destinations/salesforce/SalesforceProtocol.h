#pragma once

#include "connectors/http/HttpProtocol.h"
#include "models/destination/DestinationSchema.h"

#include <QHash>
#include <QMutex>
#include <QUrl>
#include <atomic>

namespace Ebb {

// Salesforce's composite sObject collections (docs/API-CONTRACTS.md), 200 records a request,
// allOrNone false: upsert → PATCH …/composite/sobjects/{SObject}/{external id field} (the
// sync's match field), insert → POST …/composite/sobjects, update → PATCH …/composite/sobjects
// with each record's Id (the match field is Id), delete → DELETE …/composite/sobjects?ids=…
// (by the match field: the Ids are looked up first with a SOQL query, DeletePass::Lookup).
// Values go as JSON of their type (a NULL as
// null, which clears the field; a skipped one left out). One result per record, in order;
// a 400 refuses a batch as a whole (halved), 403 REQUEST_LIMIT_EXCEEDED is a rate limit, an
// expired token (401 INVALID_SESSION_ID), another 403 or a 404 stop the run.
class SalesforceProtocol : public HttpProtocol
{
public:
    static constexpr const char* defaultVersion = "v59.0";

    // With a refresh token, client id and secret, an expired access token (401) is replaced
    // through the OAuth token endpoint ({instanceUrl}/services/oauth2/token) and the request
    // sent again; without an access token, the first request gets one that way.
    struct Refresh
    {
        QString refreshToken;
        QString clientId;
        QString clientSecret;
    };

    SalesforceProtocol(
        QUrl instanceUrl, QString version, QString token, QString object, QString matchField, Refresh refresh = {});

    enum class DeletePass { Lookup, Delete };
    void setDeletePass(DeletePass pass) { m_deletePass = pass; }
    bool deletesByLookup() const { return m_matchField != QLatin1String("Id"); }
    // The Ids the lookups found since the last call: match field value → Salesforce Id.
    QHash<QString, QString> takeFound();
    const QString& object() const { return m_object; }
    const QString& matchField() const { return m_matchField; }

    void setSchema(DestinationSchema schema) { m_schema = std::move(schema); }
    const DestinationSchema& schema() const { return m_schema; }

    QNetworkRequest request(const QList<OutgoingRecord>& batch, const QByteArray& body) const override;
    QByteArray verb(const QList<OutgoingRecord>& batch) const override;
    QByteArray body(const QList<OutgoingRecord>& batch) const override;
    HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const override;

    // A GET of the same connection (describe, the list of sObjects), with its token.
    QNetworkRequest get(const QString& path) const;
    bool refreshCredentials() override;
    void observe(const QList<QPair<QByteArray, QByteArray>>& headers) override;
    // "api-usage=used/allowed": the highest use any answer's Sforce-Limit-Info gave; 0 when none did.
    int apiUsed() const { return m_apiUsed; }
    int apiAllowed() const { return m_apiAllowed; }
    int refreshes() const { return m_refreshes; }
    // Salesforce's errors in one line: "REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]".
    static QString errorsText(const QJsonValue& errors);
    // A SOQL string literal: 'O\'Brien'.
    static QString soqlLiteral(const QString& text);

private:
    QString base() const;

    QUrl m_instanceUrl;
    QString m_version;
    QString m_token;
    QString m_object;
    QString m_matchField;
    Refresh m_refresh;
    int m_refreshes = 0;
    std::atomic_int m_apiUsed = 0;
    std::atomic_int m_apiAllowed = 0;
    DestinationSchema m_schema;
    DeletePass m_deletePass = DeletePass::Delete;
    mutable QMutex m_foundMutex; // parse() runs for each answer as it comes
    mutable QHash<QString, QString> m_found;
};

} // namespace Ebb
