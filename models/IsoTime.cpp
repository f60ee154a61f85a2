#include "IsoTime.h"

namespace Ebb::IsoTime {

namespace {

bool digits(std::string_view text, size_t pos, size_t count, int& out)
{
    if (pos + count > text.size())
        return false;
    int value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

std::optional<QDate> dateAt(std::string_view text)
{
    int y = 0, m = 0, d = 0;
    if (text.size() < 10 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) || text[7] != '-'
        || !digits(text, 8, 2, d))
        return std::nullopt;
    QDate date(y, m, d);
    if (!date.isValid())
        return std::nullopt;
    return date;
}

} // namespace

std::optional<QDate> parseDate(std::string_view text)
{
    if (text.size() != 10)
        return std::nullopt;
    return dateAt(text);
}

std::optional<QDateTime> parseTimestamp(std::string_view text)
{
    const auto date = dateAt(text);
    if (!date)
        return std::nullopt;
    if (text.size() == 10)
        return QDateTime(*date, QTime(0, 0), Qt::UTC);
    int h = 0, mi = 0, s = 0;
    if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T') || !digits(text, 11, 2, h) || text[13] != ':'
        || !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s))
        return std::nullopt;
    size_t pos = 19;
    int ms = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ms += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    int offsetSeconds = 0;
    if (pos < text.size()) {
        const char sign = text[pos];
        if (sign == 'Z' && pos + 1 == text.size()) {
            // UTC
        } else if (sign == '+' || sign == '-') {
            int oh = 0, om = 0;
            const std::string_view zone = text.substr(pos + 1);
            if (!digits(zone, 0, 2, oh))
                return std::nullopt;
            if (zone.size() == 5 && zone[2] == ':' && digits(zone, 3, 2, om)) {
            } else if (zone.size() == 4 && digits(zone, 2, 2, om)) {
            } else if (zone.size() != 2) {
                return std::nullopt;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    const QTime time(h, mi, s, ms);
    if (!time.isValid())
        return std::nullopt;
    QDateTime utc(*date, time, Qt::UTC);
    return utc.addSecs(-offsetSeconds);
}

} // namespace Ebb::IsoTime
