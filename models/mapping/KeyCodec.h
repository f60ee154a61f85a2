#pragma once

#include "models/ValueType.h"

#include <QByteArray>
#include <QString>
#include <QVariant>
#include <optional>

namespace Ebb {

// The bytes a key is journaled as. The diff merges the warehouse's rows with the journal's
// records in one pass, so both must sort alike: a key's bytes sort (memcmp) the way the
// warehouse orders the key column, and two keys the warehouse tells apart never share bytes.
//
// - Text order: the key's text as UTF-8, for a warehouse sorting it as text in the "C"
//   collation. This is how every key was journaled before the other orders existed.
// - The value orders, for a warehouse sorting the column by value (from an index on it, and
//   at full precision):
//   - Integer: 0xF8 and 8 big-endian bytes with the sign bit flipped; a fractional number
//     (SQLite types cells, not columns: 1.5 in an INTEGER column) is the integer of its floor
//     and 8 bytes of its fraction, so it sorts between the integers;
//   - Double: 0xF6 and the IEEE bits made sortable (-0 is 0, NaN is one value after +Infinity,
//     as PostgreSQL sorts them);
//   - Numeric: 0xF7, a class (-Infinity, negative, zero, positive, +Infinity, NaN), then for a
//     finite number its decimal exponent and digits, inverted when negative: exact at any
//     precision, and 10.00 is 10 as in the warehouse;
//   - Timestamp: 0xF5 and the Julian day and microsecond of the day (±infinity around them):
//     microseconds kept, and any year PostgreSQL has;
//   - Bytes: 0xFF and the bytes, which sort as memcmp, as bytea and BLOB do;
//   in every value order, text a number column holds is 0xFE and its UTF-8 and a blob 0xFF and
//   its bytes: after the numbers, as SQLite sorts them.
//
// Valid UTF-8 never starts with 0xF5 to 0xFF, so text() reads any key without knowing its order.
namespace KeyCodec {

enum class Order { Text, Integer, Double, Numeric, Timestamp, Bytes };

// The value order for a key column of this type; Text where the warehouse sorts by text.
Order orderFor(ValueType keyType);
QString orderName(Order order);
std::optional<Order> orderFromName(const QString& name);

// nullopt for NULL.
std::optional<QByteArray> encode(Order order, const QVariant& value);
// The key as users see it (in rejects, failures and logs) and as destinations match it.
QString text(const QByteArray& key);
// A journaled key in another order (for journals written before a sync's key sorted by value,
// or after its type changed), from the key's text: text that reads as a value of the order
// becomes that value, other text stays text.
QByteArray reencode(const QByteArray& key, Order order);

} // namespace KeyCodec

} // namespace Ebb
