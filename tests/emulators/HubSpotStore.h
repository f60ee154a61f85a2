#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Ebb::Emulators {

// The CRM behind the HubSpot emulator: objects (contacts and companies built in, custom ones
// defined by a test), their properties as GET /crm/v3/properties answers them, and records
// kept in memory. Writes follow docs/API-CONTRACTS.md: values are strings checked per type
// (INVALID_LONG, INVALID_OPTION, INVALID_DATE "… not midnight!", INVALID_EMAIL,
// PROPERTY_DOESNT_EXIST, READ_ONLY_VALUE), any invalid input refuses the whole batch with 400
// VALIDATION_ERROR and writes nothing; more than 100 inputs is a 400 too; an update of a
// record that does not exist is a per-input error of a 207; a create of a unique value that
// exists is a 409 CONFLICT. Not thread-safe: the emulator serialises calls.
class HubSpotStore
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };

    HubSpotStore();

    // HubSpot's 404 for an object type it does not have.
    static Answer unknownObject(const QString& object);

    // Adds (or replaces) an object type; `custom` ones are listed by GET /crm/v3/schemas.
    void defineObject(const QString& object, const QJsonArray& properties, bool custom = false);
    bool hasObject(const QString& object) const { return m_properties.contains(object); }
    QByteArray propertiesJson(const QString& object) const;
    QByteArray schemasJson() const;

    // POST /crm/v3/objects/{object}/batch/{operation} with `body` (create, update, upsert,
    // archive, read).
    Answer batch(const QString& object, const QString& operation, const QByteArray& body);

    // Read-back: every record of `object` by HubSpot id, its properties as stored (strings).
    QHash<QString, QJsonObject> records(const QString& object) const { return m_records.value(object); }
    // The record whose `property` is `value`, or an empty object.
    QJsonObject find(const QString& object, const QString& property, const QString& value) const;
    int writes() const { return m_writes; } // inputs written, in all

private:
    // Why `value` cannot be written to `name` of `object` (HubSpot's code and message), or {}.
    QPair<QString, QString> invalid(const QString& object, const QString& name, const QJsonValue& value) const;
    QJsonObject property(const QString& object, const QString& name) const;
    QStringList uniqueProperties(const QString& object) const;
    QString idOf(const QString& object, const QString& idProperty, const QString& id) const;
    QJsonObject result(const QString& object, const QString& id, const QJsonObject& input) const;
    void write(const QString& object, const QString& id, const QJsonObject& properties);

    QHash<QString, QJsonArray> m_properties;
    QStringList m_custom;
    static QString indexKey(const QString& property, const QString& value);

    QHash<QString, QHash<QString, QJsonObject>> m_records;
    // object → unique property → value (an email lower-cased) → id: upserts find records at once.
    QHash<QString, QHash<QString, QHash<QString, QString>>> m_unique;
    qint64 m_nextId = 1001;
    int m_writes = 0;
};

} // namespace Ebb::Emulators
