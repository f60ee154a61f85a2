#include "PgTypes.h"

#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QUuid>
#include <QVarLengthArray>
#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace Ebb::PgTypes {

namespace {

// A date (and time) outside years 1 to 9999, which ISO 8601 text and QDate's writers do not
// cover, as PostgreSQL writes it ("0044-03-15 BC", "12000-01-01 00:00:00.000+00"): exact,
// and a text value that a date field's validation rejects, as it does "infinity".
QString outOfRangeText(const QDate& date, const QString& time)
{
    const int year = date.year(); // Qt counts 1 BC as year -1
    QString text = QStringLiteral("%1-%2-%3")
                       .arg(std::abs(year), 4, 10, QLatin1Char('0'))
                       .arg(date.month(), 2, 10, QLatin1Char('0'))
                       .arg(date.day(), 2, 10, QLatin1Char('0'));
    if (!time.isEmpty())
        text += QLatin1Char(' ') + time;
    return year < 0 ? text + QStringLiteral(" BC") : text;
}

// PostgreSQL's epoch for date and timestamp is 2000-01-01.
constexpr qint64 pgEpochJulianDay = 2451545;
constexpr qint64 pgEpochUnixMs = 946684800000LL;

uint16_t be16(const char* p)
{
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return uint16_t((u[0] << 8) | u[1]);
}

uint32_t be32(const char* p)
{
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | uint32_t(u[3]);
}

uint64_t be64(const char* p)
{
    return (uint64_t(be32(p)) << 32) | be32(p + 4);
}

QVariant wrongSize(QString& error, const char* type, int length)
{
    error = QStringLiteral("a %1 value of %2 bytes").arg(QLatin1String(type)).arg(length);
    return {};
}

} // namespace

bool hasBinaryDecoder(unsigned oid)
{
    switch (oid) {
    case Bool:
    case Bytea:
    case Name:
    case Int8:
    case Int2:
    case Int4:
    case Text:
    case OidType:
    case Json:
    case Float4:
    case Float8:
    case Bpchar:
    case Varchar:
    case Date:
    case Timestamp:
    case TimestampTz:
    case Numeric:
    case Uuid:
    case Jsonb:
        return true;
    default:
        return false;
    }
}

ValueType valueType(unsigned oid)
{
    switch (oid) {
    case Bool:
        return ValueType::Bool;
    case Bytea:
        return ValueType::Bytes;
    case Int8:
    case Int2:
    case Int4:
    case OidType:
        return ValueType::Integer;
    case Float4:
    case Float8:
        return ValueType::Double;
    case Numeric:
        return ValueType::Numeric;
    case Date:
        return ValueType::Date;
    case Timestamp:
    case TimestampTz:
        return ValueType::Timestamp;
    case Json:
    case Jsonb:
        return ValueType::Json;
    default:
        return ValueType::Text;
    }
}

QString nativeName(unsigned oid, int typmod)
{
    switch (oid) {
    case Bool:
        return QStringLiteral("boolean");
    case Bytea:
        return QStringLiteral("bytea");
    case Name:
        return QStringLiteral("name");
    case Int8:
        return QStringLiteral("bigint");
    case Int2:
        return QStringLiteral("smallint");
    case Int4:
        return QStringLiteral("integer");
    case Text:
        return QStringLiteral("text");
    case OidType:
        return QStringLiteral("oid");
    case Json:
        return QStringLiteral("json");
    case Jsonb:
        return QStringLiteral("jsonb");
    case Float4:
        return QStringLiteral("real");
    case Float8:
        return QStringLiteral("double precision");
    case Bpchar:
        return typmod > 4 ? QStringLiteral("character(%1)").arg(typmod - 4) : QStringLiteral("character");
    case Varchar:
        return typmod > 4 ? QStringLiteral("character varying(%1)").arg(typmod - 4)
                          : QStringLiteral("character varying");
    case Date:
        return QStringLiteral("date");
    case Timestamp:
        return QStringLiteral("timestamp without time zone");
    case TimestampTz:
        return QStringLiteral("timestamp with time zone");
    case Numeric:
        if (typmod >= 4) {
            const int value = typmod - 4;
            return QStringLiteral("numeric(%1,%2)").arg((value >> 16) & 0xffff).arg(value & 0xffff);
        }
        return QStringLiteral("numeric");
    case Uuid:
        return QStringLiteral("uuid");
    default:
        return QStringLiteral("oid %1 (as text)").arg(oid);
    }
}

QString numericToString(const char* data, int length, bool& ok)
{
    ok = false;
    if (length < 8)
        return {};
    const int ndigits = int16_t(be16(data));
    const int weight = int16_t(be16(data + 2));
    const uint16_t sign = be16(data + 4);
    const int dscale = be16(data + 6);
    if (ndigits < 0 || length != 8 + 2 * ndigits)
        return {};
    // Base-10000 digits; a larger one (never sent by PostgreSQL) would print as non-digits.
    for (int i = 0; i < ndigits; ++i) {
        if (be16(data + 8 + 2 * i) > 9999)
            return {};
    }
    ok = true;
    if (sign == 0xC000)
        return QStringLiteral("NaN");
    if (sign == 0xD000)
        return QStringLiteral("Infinity");
    if (sign == 0xF000)
        return QStringLiteral("-Infinity");
    const auto digit = [&](int i) { return i >= 0 && i < ndigits ? int(be16(data + 8 + 2 * i)) : 0; };

    // The text is built in a stack buffer and becomes a QString in one allocation: this runs
    // for every numeric cell, and a QString grown piece by piece cost three times as much.
    QVarLengthArray<char, 64> text;
    const auto appendDigits = [&](int d, int count) {
        const char buf[4]
            = {char('0' + d / 1000), char('0' + d / 100 % 10), char('0' + d / 10 % 10), char('0' + d % 10)};
        text.append(buf + 4 - count, count);
    };
    if (sign == 0x4000)
        text.append('-');
    if (weight < 0) {
        text.append('0');
    } else {
        // The first base-10000 digit without leading zeros, the others with all four.
        const int first = digit(0);
        appendDigits(first, first >= 1000 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1);
        for (int i = 1; i <= weight; ++i)
            appendDigits(digit(i), 4);
    }
    if (dscale > 0) {
        text.append('.');
        int written = 0;
        for (int i = weight + 1; written < dscale; ++i) {
            const int d = digit(i);
            const char buf[4]
                = {char('0' + d / 1000), char('0' + d / 100 % 10), char('0' + d / 10 % 10), char('0' + d % 10)};
            const int take = std::min(4, dscale - written);
            text.append(buf, take);
            written += take;
        }
    }
    return QString::fromLatin1(text.constData(), text.size());
}

QVariant decodeBinary(unsigned oid, const char* data, int length, QString& error)
{
    switch (oid) {
    case Bool:
        if (length != 1)
            return wrongSize(error, "boolean", length);
        return QVariant(data[0] != 0);
    case Int2:
        if (length != 2)
            return wrongSize(error, "smallint", length);
        return QVariant(qint64(int16_t(be16(data))));
    case Int4:
        if (length != 4)
            return wrongSize(error, "integer", length);
        return QVariant(qint64(int32_t(be32(data))));
    case OidType:
        if (length != 4)
            return wrongSize(error, "oid", length);
        return QVariant(qint64(be32(data)));
    case Int8:
        if (length != 8)
            return wrongSize(error, "bigint", length);
        return QVariant(qint64(be64(data)));
    case Float4: {
        if (length != 4)
            return wrongSize(error, "real", length);
        const uint32_t bits = be32(data);
        float f;
        std::memcpy(&f, &bits, 4);
        // The double nearest the float's shortest text (0.1f is 0.1, not 0.10000000149011612):
        // what PostgreSQL prints for a real, and what a JSON or numeric destination should get.
        char text[32];
        const auto written = std::to_chars(text, text + sizeof text, f);
        double widened = double(f);
        std::from_chars(text, written.ptr, widened);
        return QVariant(widened);
    }
    case Float8: {
        if (length != 8)
            return wrongSize(error, "double precision", length);
        const uint64_t bits = be64(data);
        double d;
        std::memcpy(&d, &bits, 8);
        return QVariant(d);
    }
    case Numeric: {
        bool ok = false;
        QString text = numericToString(data, length, ok);
        if (!ok)
            return wrongSize(error, "numeric", length);
        return QVariant(std::move(text));
    }
    case Date: {
        if (length != 4)
            return wrongSize(error, "date", length);
        const int32_t days = int32_t(be32(data));
        if (days == std::numeric_limits<int32_t>::max())
            return QVariant(QStringLiteral("infinity"));
        if (days == std::numeric_limits<int32_t>::min())
            return QVariant(QStringLiteral("-infinity"));
        const QDate date = QDate::fromJulianDay(pgEpochJulianDay + days);
        if (date.year() < 1 || date.year() > 9999)
            return QVariant(outOfRangeText(date, {}));
        return QVariant(date);
    }
    case Timestamp:
    case TimestampTz: {
        if (length != 8)
            return wrongSize(error, "timestamp", length);
        const auto micros = qint64(be64(data));
        if (micros == std::numeric_limits<qint64>::max())
            return QVariant(QStringLiteral("infinity"));
        if (micros == std::numeric_limits<qint64>::min())
            return QVariant(QStringLiteral("-infinity"));
        // Day and time of day from PostgreSQL's own epoch: the Unix-epoch microseconds of a
        // timestamp past year 294,246 do not fit in 64 bits, so they are only made in range.
        // Floored from the remainder: days * microsPerDay overflows for the earliest days.
        constexpr qint64 microsPerDay = 86400LL * 1000 * 1000;
        qint64 days = micros / microsPerDay;
        qint64 timeOfDay = micros % microsPerDay;
        if (timeOfDay < 0) {
            timeOfDay += microsPerDay;
            --days;
        }
        const QDate date = QDate::fromJulianDay(pgEpochJulianDay + days);
        if (date.year() < 1 || date.year() > 9999) {
            const qint64 seconds = timeOfDay / 1000000;
            const qint64 subMillisecond = timeOfDay % 1000;
            const QString time
                = QStringLiteral("%1:%2:%3.%4%5+00")
                      .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
                      .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                      .arg(seconds % 60, 2, 10, QLatin1Char('0'))
                      .arg(timeOfDay / 1000 % 1000, 3, 10, QLatin1Char('0'))
                      .arg(subMillisecond ? QStringLiteral("%1").arg(subMillisecond, 3, 10, QLatin1Char('0'))
                                          : QString());
            return QVariant(outOfRangeText(date, time));
        }
        // Microseconds beyond the millisecond make a MicroTime; the rest is a QDateTime.
        return MicroTime::variant(pgEpochUnixMs * 1000 + micros);
    }
    case Uuid:
        if (length != 16)
            return wrongSize(error, "uuid", length);
        return QVariant(QUuid::fromRfc4122(QByteArrayView(data, 16)).toString(QUuid::WithoutBraces));
    case Bytea:
        return QVariant(QByteArray(data, length));
    case Jsonb:
        if (length < 1 || data[0] != 1)
            return wrongSize(error, "jsonb", length);
        return QVariant(textFromUtf8(data + 1, length - 1));
    default:
        return QVariant(textFromUtf8(data, length));
    }
}

} // namespace Ebb::PgTypes
