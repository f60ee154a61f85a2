#include "IsoTime.h"

#include "AppendBytes.h"

#include <cstring>

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

// Proleptic Gregorian year, month and day of a day count from 1970-01-01 (Howard Hinnant's
// civil_from_days): QDate's year(), month() and day() each convert on their own, and Qt's
// toString() formats through asprintf; both showed in profiles at a million cells a run.
void civilFromDays(qint64 days, int& year, int& month, int& day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
}

void putDigits(char* at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = char('0' + value % 10);
}

// The text into `buf` (at least 28 bytes); its length, or 0 for a year four digits cannot say.
int formatTimestamp(char* buf, qint64 ms, std::optional<int> micros)
{
    constexpr qint64 msPerDay = 86400000;
    qint64 days = ms / msPerDay; // floor division, for instants before 1970 too
    if (ms % msPerDay < 0)
        --days;
    int msOfDay = int(ms - days * msPerDay);
    int year, month, day;
    civilFromDays(days, year, month, day);
    if (year < 1 || year > 9999)
        return 0;
    std::memcpy(buf, "0000-00-00T00:00:00.000Z", 24);
    putDigits(buf, year, 4);
    putDigits(buf + 5, month, 2);
    putDigits(buf + 8, day, 2);
    putDigits(buf + 11, msOfDay / 3600000, 2);
    msOfDay %= 3600000;
    putDigits(buf + 14, msOfDay / 60000, 2);
    msOfDay %= 60000;
    putDigits(buf + 17, msOfDay / 1000, 2);
    putDigits(buf + 20, msOfDay % 1000, 3);
    if (!micros)
        return 24;
    putDigits(buf + 23, *micros, 3);
    buf[26] = 'Z';
    return 27;
}

int formatDate(char* buf, const QDate& date)
{
    int year, month, day;
    date.getDate(&year, &month, &day);
    if (year < 1 || year > 9999)
        return 0;
    std::memcpy(buf, "0000-00-00", 10);
    putDigits(buf, year, 4);
    putDigits(buf + 5, month, 2);
    putDigits(buf + 8, day, 2);
    return 10;
}

QString qtTimestampText(qint64 ms, std::optional<int> micros)
{
    QString text = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs); // "…10.123Z"
    if (micros && text.endsWith(QLatin1Char('Z')))
        text.insert(text.size() - 1, QStringLiteral("%1").arg(*micros, 3, 10, QLatin1Char('0')));
    return text;
}

} // namespace

QString timestampText(qint64 msecsSinceEpoch, std::optional<int> micros)
{
    char buf[32];
    const int length = formatTimestamp(buf, msecsSinceEpoch, micros);
    return length ? QString::fromLatin1(buf, length) : qtTimestampText(msecsSinceEpoch, micros);
}

QString timestampText(const QDateTime& time)
{
    return time.isValid() ? timestampText(time.toMSecsSinceEpoch()) : QString();
}

QString dateText(const QDate& date)
{
    char buf[16];
    const int length = formatDate(buf, date);
    return length ? QString::fromLatin1(buf, length) : date.toString(Qt::ISODate);
}

void appendTimestamp(QByteArray& out, qint64 msecsSinceEpoch, std::optional<int> micros)
{
    char buf[32];
    if (const int length = formatTimestamp(buf, msecsSinceEpoch, micros))
        appendBytes(out, buf, length);
    else
        out += qtTimestampText(msecsSinceEpoch, micros).toUtf8();
}

void appendDate(QByteArray& out, const QDate& date)
{
    char buf[16];
    if (const int length = formatDate(buf, date))
        appendBytes(out, buf, length);
    else
        out += date.toString(Qt::ISODate).toUtf8();
}

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
