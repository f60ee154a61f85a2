#pragma once

#include <QDate>
#include <QDateTime>
#include <optional>
#include <string_view>

namespace Ebb::IsoTime {

// Fast parsers for the ISO 8601 shapes warehouses store as text; QDate::fromString is
// an order of magnitude slower and this runs once per cell.
std::optional<QDate> parseDate(std::string_view text); // "2024-03-05"
// "2024-03-05 14:22:10[.123456][Z|+02:00|+0200|+02]" or with 'T'; no zone means UTC.
std::optional<QDateTime> parseTimestamp(std::string_view text);

} // namespace Ebb::IsoTime
