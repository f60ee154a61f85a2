#pragma once

#include "models/destination/DestinationSchema.h"

#include <QByteArray>
#include <QVariant>

namespace Ebb::PgCopyBinary {

// COPY's binary format, for the column types most tables have. Each value goes as the value
// the server would read from the text the text format sends for it (PgParameter, PgStagedMerge),
// with no text to parse on either side. A value this cannot write so (a text in a number
// column, a date in a timestamp column: the server reads those in its own way) makes the
// caller write its group in text instead.

// How a column's values are written, by the receive function of its type (of the base type
// for a domain). None: a type not written here; a table with one is copied in text.
enum class Kind { None, Bool, Int2, Int4, Int8, Float8, Numeric, Text, Jsonb, Date, Timestamp };
Kind kindOf(const QByteArray& receiveFunction);

void appendHeader(QByteArray& out);
void appendTrailer(QByteArray& out);
void appendRowStart(QByteArray& out, int fields);
void appendNull(QByteArray& out);
void appendInt4(QByteArray& out, qint32 value);
// A boolean[] of `values`.
void appendBoolArray(QByteArray& out, const QList<bool>& values);
// Appends `value` (not null) as a field of `kind`; false, with `out` as it was, when it cannot.
bool appendValue(QByteArray& out, const QVariant& value, Kind kind, const FieldSchema* field);

} // namespace Ebb::PgCopyBinary
