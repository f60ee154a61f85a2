#pragma once

#include "models/ValueType.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <optional>

namespace Ebb {

// The bytes a key is journaled as. The diff merges the warehouse's rows with the journal's
// records in one pass, so both must sort alike: a key's bytes sort (memcmp) the way the
// warehouse orders the key column.
//
// - Text order: the key's text as UTF-8, for a warehouse sorting it as text in the "C"
//   collation. This is how every key was journaled before integer order existed.
// - Integer order, for a warehouse sorting the column by value, from an index on it and
//   without turning a million numbers into text first:
//   - an integer is 0xF8 and its 8 big-endian bytes with the sign bit flipped;
//   - a fractional number (SQLite types cells, not columns: 1.5 in an INTEGER column) is the
//     integer of its floor and 8 bytes of its fraction, so it sorts between the integers;
//   - text is 0xFE and its UTF-8, then a blob is 0xFF and its bytes: after the numbers, as
//     SQLite sorts them.
//
// Valid UTF-8 never holds 0xF8, 0xFE or 0xFF, so text() reads any key without knowing its order.
namespace KeyCodec {

enum class Order { Text, Integer };

Order orderFor(ValueType keyType);
QString orderName(Order order);
std::optional<Order> orderFromName(const QString& name);

// nullopt for NULL.
std::optional<QByteArray> encode(Order order, const QVariant& value);
// The key as users see it (in rejects, failures and logs) and as destinations match it.
QString text(const QByteArray& key);
// A journaled key in the other order (for journals written before a sync's key sorted as a
// number, or after its type changed), from the key's text: text that is an integer's becomes
// that integer, other text stays text.
QByteArray reencode(const QByteArray& key, Order order);

} // namespace KeyCodec

} // namespace Ebb
