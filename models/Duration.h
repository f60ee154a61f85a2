#pragma once

#include <QString>
#include <optional>

namespace Ebb::Duration {

// "90s", "15m", "24h", "7d" → seconds. nullopt when malformed; a count too large to hold
// comes back as the largest qint64, so callers can say it is too long.
std::optional<qint64> parseSeconds(const QString& text);

} // namespace Ebb::Duration
