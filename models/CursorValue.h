#pragma once

#include "ValueType.h"

#include <QString>
#include <QVariant>
#include <optional>

namespace Ebb::CursorValue {

// An incremental cursor's value as the journal keeps it: text that reads back to the same
// value for the cursor column's type (integer, number, text, date, timestamp in UTC).
QString encode(const QVariant& value, ValueType type);
// nullopt when `text` is not a value of `type` (the column's type changed): read everything.
std::optional<QVariant> decode(const QString& text, ValueType type);
// a < b for two non-NULL values of the cursor column.
bool less(const QVariant& a, const QVariant& b, ValueType type);

} // namespace Ebb::CursorValue
