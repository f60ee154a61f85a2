#pragma once

#include "ValueType.h"

#include <QString>
#include <QVariant>
#include <optional>

namespace Ebb::ReadPosition {

// Where an incremental read starts: the newest value of the sync's cursor column that a run
// saw, as the journal keeps it — text that reads back to the same value for the column's type
// (integer, number, text, date, timestamp in UTC). (Ebb's words: the cursor *column* is the
// user's; the read *position* is this; a warehouse's rows come as a RowStream and the
// journal's records as a Journal::RecordStream.)
QString encode(const QVariant& value, ValueType type);
// nullopt when `text` is not a value of `type` (the column's type changed): read everything.
std::optional<QVariant> decode(const QString& text, ValueType type);
// a < b for two non-NULL values of the cursor column.
bool less(const QVariant& a, const QVariant& b, ValueType type);

} // namespace Ebb::ReadPosition
