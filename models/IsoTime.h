#pragma once

#include <QDate>
#include <QDateTime>
#include <optional>
#include <string_view>

namespace Ebb::IsoTime {

// The ISO 8601 parsers for what warehouses store and send as text (SQLite's dates, MySQL's
// cells): fast (QDate::fromString is an order of magnitude slower, and this runs once per
// cell) and exact about what they take. tests/models/tst_isotime.cpp.
std::optional<QDate> parseDate(std::string_view text); // "2024-03-05"
// "2024-03-05 14:22:10[.123456][Z|+02:00|+0200|+02]" or with 'T'; no zone means UTC.
std::optional<QDateTime> parseTimestamp(std::string_view text);

// And the writers, as fast, for every cell a run writes as text: UTC instants as
// "2024-03-05T14:22:10.123Z", with `micros` (0 to 999 past the millisecond)
// "2024-03-05T14:22:10.123456Z" — Qt's Qt::ISODateWithMs, to the byte; dates "2024-03-05".
// Years outside 1 to 9999 take Qt's own text.
QString timestampText(qint64 msecsSinceEpoch, std::optional<int> micros = std::nullopt);
QString timestampText(const QDateTime& time); // invalid: ""
QString dateText(const QDate& date);
// Appends the same text to `out` (UTF-8, ASCII in practice).
void appendTimestamp(QByteArray& out, qint64 msecsSinceEpoch, std::optional<int> micros = std::nullopt);
void appendDate(QByteArray& out, const QDate& date);

} // namespace Ebb::IsoTime
