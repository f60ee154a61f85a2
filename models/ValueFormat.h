#pragma once

#include "ValueType.h"

#include <QJsonValue>
#include <QString>
#include <QVariant>

namespace Ebb {

// How a cell reads to a person (tables, CLI) and in JSON output. Shared so the CLI
// preview and the studio's grid show a value the same way.
namespace ValueFormat {

// NULL → "NULL"; timestamps as ISO 8601 in UTC with "Z"; numerics as their exact text.
QString display(const QVariant& value, ValueType type);

// NULL → null; integers and doubles as numbers; numerics as strings (a JSON number would
// pass through a double and could round money); json columns as parsed JSON.
QJsonValue toJson(const QVariant& value, ValueType type);

} // namespace ValueFormat

} // namespace Ebb
