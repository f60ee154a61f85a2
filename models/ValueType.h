#pragma once

#include <QString>

namespace Ebb {

// The logical type of a warehouse column. Cells carry it as a QVariant:
// Integer → qint64, Double → double, Numeric → QString (exact decimal text, never rounded),
// Text → QString, Bool → bool, Date → QDate, Timestamp → QDateTime in UTC,
// Json → QString (the JSON text), Bytes → QByteArray; NULL is an invalid QVariant.
enum class ValueType { Text, Integer, Double, Numeric, Bool, Date, Timestamp, Json, Bytes };

QString valueTypeName(ValueType type);

} // namespace Ebb
