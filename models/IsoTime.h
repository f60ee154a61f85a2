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

} // namespace Ebb::IsoTime
