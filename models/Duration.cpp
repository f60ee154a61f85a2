#include "Duration.h"

#include <QRegularExpression>
#include <limits>

namespace Ebb::Duration {

std::optional<qint64> parseSeconds(const QString& text)
{
    static const QRegularExpression shape(QStringLiteral("^([1-9][0-9]*)([smhd])$"));
    const auto match = shape.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    // Twelve digits of days still fit in a qint64; more saturate.
    if (match.captured(1).size() > 12)
        return std::numeric_limits<qint64>::max();
    const qint64 count = match.captured(1).toLongLong();
    switch (match.captured(2).at(0).toLatin1()) {
    case 's':
        return count;
    case 'm':
        return count * 60;
    case 'h':
        return count * 3600;
    default:
        return count * 86400;
    }
}

} // namespace Ebb::Duration
