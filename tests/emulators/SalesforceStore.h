#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace Ebb::Emulators {

// The org behind the Salesforce emulator: Contact and Account described as
// …/sobjects/{name}/describe answers (docs/API-CONTRACTS.md), and their records in memory by
// Id. Composite sObject collections, allOrNone false, one result per record in order, with
// the documented codes: REQUIRED_FIELD_MISSING, STRING_TOO_LONG, INVALID_EMAIL_ADDRESS,
// INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, INVALID_TYPE_ON_FIELD_IN_RECORD,
// INVALID_FIELD_FOR_INSERT_UPDATE, INVALID_FIELD, DUPLICATE_VALUE; more than 200 records is a
// 400. Not thread-safe: the emulator serialises calls.
class SalesforceStore
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };

    SalesforceStore();

    QByteArray describe(const QString& object) const; // empty: no such sObject
    QByteArray sobjects() const;
    // POST (insert) / PATCH (update by Id, or upsert by `externalId` when given) of `body`.
    Answer write(const QString& object, const QByteArray& method, const QString& externalId, const QByteArray& body);
    // One record (without "attributes") of such a write: the result object as the API gives it.
    QJsonObject writeRecord(
        const QString& object, const QByteArray& method, const QString& externalId, const QJsonObject& record);
    // DELETE …/composite/sobjects?ids=…: one result per Id (ENTITY_IS_DELETED for one not there).
    Answer remove(const QStringList& ids);
    QJsonObject removeRecord(const QString& id);
    // GET …/query?q=SELECT Id, F FROM O WHERE F IN ('a', …); any other SOQL is MALFORMED_QUERY.
    Answer query(const QString& soql) const;
    QJsonObject field(const QString& object, const QString& name) const;

    QHash<QString, QJsonObject> records(const QString& object) const { return m_records.value(object); }
    QJsonObject find(const QString& object, const QString& field, const QJsonValue& value) const;

private:
    // The errors of writing `record` to `object` (creating, or updating an existing one).
    QJsonArray problems(const QString& object, const QJsonObject& record, bool creating) const;

    QHash<QString, QJsonArray> m_fields;
    QHash<QString, QHash<QString, QJsonObject>> m_records;
    qint64 m_next = 1;
};

} // namespace Ebb::Emulators
