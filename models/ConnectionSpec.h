#pragma once

#include "SecretRef.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace Ebb {

// One connections/<id>.json. The JSON object is kept whole, so fields this version
// does not know survive a load/save round trip.
struct ConnectionSpec
{
    QString id;
    QString kind;
    QJsonObject json;
    QString filePath; // absolute; empty for a connection not yet saved

    QString string(const QString& key, const QString& fallback = {}) const
    {
        return json.value(key).toString(fallback);
    }
    int integer(const QString& key, int fallback) const { return json.value(key).toInt(fallback); }
    std::optional<SecretRef> secret(const QString& key) const;

    // What a secret of this connection unlocks, as text: kind, user, host, port and database
    // ("postgres://ebb@db.internal:5432/analytics"), or the API's base URL for HTTP kinds. The
    // workspace chooses none of it freely: pointing the connection elsewhere changes the target.
    QString secretTarget() const;
    // The keychain key of the secret in `field`: "<target>#<field>" (service "ebb"). A keychain
    // secret is stored and looked up only by what it unlocks, never by names a workspace picks,
    // so a workspace that copies another's names but points at its own host cannot obtain it.
    QString keychainKey(const QString& field) const { return secretTarget() + QLatin1Char('#') + field; }
};

} // namespace Ebb
