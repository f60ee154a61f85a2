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
// - Integer order: 0xF8 and the value as 8 big-endian bytes with the sign bit flipped, so a
//   warehouse can sort by the number itself, from an index on the column and without
//   turning a million numbers into text first. A value that is not an integer (SQLite types
//   cells, not columns) is 0xFF and its text, after every integer, as SQLite sorts text.
//
// Valid UTF-8 never holds 0xF8 or 0xFF, so text() reads any key without knowing its order.
namespace KeyCodec {

enum class Order { Text, Integer };

Order orderFor(ValueType keyType);
QString orderName(Order order);
std::optional<Order> orderFromName(const QString& name);

// nullopt for NULL.
std::optional<QByteArray> encode(Order order, const QVariant& value);
// The key as users see it (in rejects, failures and logs) and as destinations match it.
QString text(const QByteArray& key);
// A journaled key in the other order (for journals written before a sync's key sorted as
// a number, or after its type changed).
QByteArray reencode(const QByteArray& key, Order order);

} // namespace KeyCodec

} // namespace Ebb
