#pragma once

#include "ValueType.h"

#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QVariant>

namespace Ebb {

// How a cell reads to a person (tables, CLI) and in JSON output. Shared so the CLI
// preview and the studio's grid show a value the same way.
namespace ValueFormat {

// NULL → "NULL"; timestamps as ISO 8601 in UTC with "Z"; numerics as their exact text.
QString display(const QVariant& value, ValueType type);

// When something happened, for a person: "2026-12-07 09:35:55 UTC". In UTC, as schedules
// are, and the same in the window and in ebb-cli (JSON keeps ISO 8601).
QString moment(const QDateTime& time);

// A row's key for a person: "NULL" for a key the row did not have, as a cell's NULL reads.
QString key(const QString& key, bool isNull);

// NULL → null; integers and doubles as numbers; numerics as strings (a JSON number would
// pass through a double and could round money); json columns as parsed JSON.
QJsonValue toJson(const QVariant& value, ValueType type);

} // namespace ValueFormat

} // namespace Ebb
