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

    QString string(const QString& key, const QString& fallback = {}) const { return json.value(key).toString(fallback); }
    int integer(const QString& key, int fallback) const { return json.value(key).toInt(fallback); }
    std::optional<SecretRef> secret(const QString& key) const;
};

} // namespace Ebb
