#include "PgCopyBinary.h"

#include "PgParameter.h"
#include "models/AppendBytes.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <cmath>
#include <cstring>
#include <limits>

namespace Ebb::PgCopyBinary {

namespace {

// PostgreSQL's dates and timestamps count from 2000-01-01.
constexpr qint64 unixToPgUsecs = 946684800LL * 1000000;
constexpr qint64 pgEpochJulianDay = 2451545;
// Years 1 to 9999, which the text format writes in ISO 8601 as the server reads them; a value
// outside goes in text, with what the server makes of that.
constexpr qint64 firstUnixUsecs = -62135596800000000LL; // 0001-01-01T00:00:00Z
constexpr qint64 endUnixUsecs = 253402300800000000LL; // 10000-01-01T00:00:00Z
// numeric's sign words.
constexpr quint16 numericPositive = 0x0000;
constexpr quint16 numericNegative = 0x4000;

template <typename T> void appendBigEndian(QByteArray& out, T value)
{
    using U = std::make_unsigned_t<T>;
    U u = U(value);
    char bytes[sizeof(T)];
    for (int i = int(sizeof(T)) - 1; i >= 0; --i) {
        bytes[i] = char(u & 0xff);
        u >>= 8;
    }
    Ebb::appendBytes(out, bytes, sizeof(T));
}

void appendField(QByteArray& out, const char* data, qsizetype size)
{
    appendBigEndian<qint32>(out, qint32(size));
    Ebb::appendBytes(out, data, size);
}

// A whole number the value holds exactly, if it holds one.
std::optional<qint64> wholeNumber(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
        return value.toLongLong();
    case QMetaType::UInt:
        return qint64(value.toUInt());
    case QMetaType::ULongLong:
        if (value.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return qint64(value.toULongLong());
    case QMetaType::Double: {
        const double d = value.toDouble();
        // Below 2^63 in magnitude, and integral: the text would be these digits.
        if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) >= 9223372036854775808.0)
            return std::nullopt;
        return qint64(d);
    }
    default:
        return std::nullopt;
    }
}

// A number's text as the text format would send it: a Decimal's, an integer's digits, a
// finite double's shortest plain decimal.
std::optional<QByteArray> numberText(const QVariant& value)
{
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().text.toLatin1();
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toString().toLatin1();
    case QMetaType::Double:
        if (const auto decimal = Decimal::fromDouble(value.toDouble()))
            return decimal->text.toLatin1();
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

// [-+]digits[.digits] as numeric's binary form: base-10000 digits around the point, the
// weight of the first, the sign and the display scale (the digits after the point, which
// the server then rounds to the column's scale, as it rounds the text).
bool appendNumeric(QByteArray& out, const QByteArray& text)
{
    qsizetype at = 0;
    bool negative = false;
    if (at < text.size() && (text[at] == '-' || text[at] == '+'))
        negative = text[at++] == '-';
    const qsizetype intStart = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9')
        ++at;
    const qsizetype intLength = at - intStart;
    qsizetype fracStart = at, fracLength = 0;
    if (at < text.size() && text[at] == '.') {
        fracStart = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9')
            ++at;
        fracLength = at - fracStart;
    }
    if (at != text.size() || intLength + fracLength == 0 || fracLength > 0x3fff)
        return false;
    // The integer part padded on the left and the fraction on the right to groups of four.
    const qsizetype intGroups = (intLength + 3) / 4;
    const qsizetype fracGroups = (fracLength + 3) / 4;
    QVarLengthArray<qint16, 64> groups(intGroups + fracGroups, 0);
    for (qsizetype i = 0; i < intLength; ++i) {
        const qsizetype place = intGroups * 4 - intLength + i; // its position in the padded digits
        groups[place / 4] = qint16(groups[place / 4] * 10 + (text[intStart + i] - '0'));
    }
    for (qsizetype i = 0; i < fracGroups * 4; ++i) {
        const int digit = i < fracLength ? text[fracStart + i] - '0' : 0;
        qint16& group = groups[intGroups + i / 4];
        group = qint16(group * 10 + digit);
    }
    qsizetype first = 0, last = groups.size();
    while (first < last && groups[first] == 0)
        ++first;
    while (last > first && groups[last - 1] == 0)
        --last;
    const qsizetype weight = intGroups - 1 - first;
    if (last - first > 0x7fff || weight > 0x7fff || weight < -0x8000)
        return false;
    const bool zero = first == last;
    appendBigEndian<qint32>(out, qint32(8 + 2 * (last - first)));
    appendBigEndian<qint16>(out, qint16(last - first));
    appendBigEndian<qint16>(out, zero ? qint16(0) : qint16(weight));
    appendBigEndian<quint16>(out, negative && !zero ? numericNegative : numericPositive);
    appendBigEndian<quint16>(out, quint16(fracLength));
    for (qsizetype g = first; g < last; ++g)
        appendBigEndian<qint16>(out, groups[g]);
    return true;
}

bool appendTimestamp(QByteArray& out, const QVariant& value)
{
    qint64 unixUsecs = 0;
    if (value.typeId() == QMetaType::QDateTime) {
        const QDateTime time = value.toDateTime();
        if (!time.isValid())
            return false;
        const qint64 msecs = time.toMSecsSinceEpoch();
        if (msecs < firstUnixUsecs / 1000 || msecs >= endUnixUsecs / 1000)
            return false; // checked before the µs, which could overflow
        unixUsecs = msecs * 1000;
    } else if (MicroTime::holds(value)) {
        unixUsecs = value.value<MicroTime>().usecs;
    } else {
        return false;
    }
    if (unixUsecs < firstUnixUsecs || unixUsecs >= endUnixUsecs)
        return false;
    appendBigEndian<qint32>(out, 8);
    appendBigEndian<qint64>(out, unixUsecs - unixToPgUsecs);
    return true;
}

} // namespace

Kind kindOf(const QByteArray& receiveFunction)
{
    static const QHash<QByteArray, Kind> kinds{
        {"boolrecv", Kind::Bool},
        {"int2recv", Kind::Int2},
        {"int4recv", Kind::Int4},
        {"int8recv", Kind::Int8},
        {"float8recv", Kind::Float8},
        {"numeric_recv", Kind::Numeric},
        {"textrecv", Kind::Text},
        {"varcharrecv", Kind::Text},
        {"bpcharrecv", Kind::Text},
        {"citextrecv", Kind::Text},
        {"enum_recv", Kind::Text},
        {"json_recv", Kind::Text},
        {"jsonb_recv", Kind::Jsonb},
        {"date_recv", Kind::Date},
        {"timestamp_recv", Kind::Timestamp},
        {"timestamptz_recv", Kind::Timestamp},
    };
    return kinds.value(receiveFunction, Kind::None);
}

void appendHeader(QByteArray& out)
{
    out.append("PGCOPY\n\377\r\n\0", 11);
    appendBigEndian<qint32>(out, 0); // flags
    appendBigEndian<qint32>(out, 0); // no header extension
}

void appendTrailer(QByteArray& out)
{
    appendBigEndian<qint16>(out, -1);
}

void appendRowStart(QByteArray& out, int fields)
{
    appendBigEndian<qint16>(out, qint16(fields));
}

void appendNull(QByteArray& out)
{
    appendBigEndian<qint32>(out, -1);
}

void appendInt4(QByteArray& out, qint32 value)
{
    appendBigEndian<qint32>(out, 4);
    appendBigEndian<qint32>(out, value);
}

void appendBoolArray(QByteArray& out, const QList<bool>& values)
{
    constexpr qint32 boolType = 16;
    const qsizetype size = values.isEmpty() ? 12 : 20 + 5 * values.size();
    appendBigEndian<qint32>(out, qint32(size));
    appendBigEndian<qint32>(out, values.isEmpty() ? 0 : 1); // dimensions
    appendBigEndian<qint32>(out, 0); // no nulls
    appendBigEndian<qint32>(out, boolType);
    if (values.isEmpty())
        return;
    appendBigEndian<qint32>(out, qint32(values.size()));
    appendBigEndian<qint32>(out, 1); // lower bound
    for (const bool v : values) {
        appendBigEndian<qint32>(out, 1);
        out.append(v ? '\1' : '\0');
    }
}

bool appendValue(QByteArray& out, const QVariant& value, Kind kind, const FieldSchema* field)
{
    // An empty text is no value outside text columns, as the text format sends it.
    if (value.typeId() == QMetaType::QString && field && !field->isTextLike() && value.toString().isEmpty()) {
        appendNull(out);
        return true;
    }
    switch (kind) {
    case Kind::None:
        return false;
    case Kind::Text:
    case Kind::Jsonb: {
        const std::optional<QByteArray> text
            = value.typeId() == QMetaType::QString ? value.toString().toUtf8() : pgParameter(value, field);
        if (!text) {
            appendNull(out);
            return true;
        }
        if (kind == Kind::Text) {
            appendField(out, text->constData(), text->size());
            return true;
        }
        appendBigEndian<qint32>(out, qint32(text->size() + 1));
        out.append('\1'); // jsonb's version
        Ebb::appendBytes(out, *text);
        return true;
    }
    case Kind::Bool:
        if (value.typeId() != QMetaType::Bool)
            return false;
        appendBigEndian<qint32>(out, 1);
        out.append(value.toBool() ? '\1' : '\0');
        return true;
    case Kind::Int2:
    case Kind::Int4:
    case Kind::Int8: {
        const std::optional<qint64> n = wholeNumber(value);
        if (!n)
            return false;
        if (kind == Kind::Int8) {
            appendBigEndian<qint32>(out, 8);
            appendBigEndian<qint64>(out, *n);
        } else if (kind == Kind::Int4) {
            if (*n < std::numeric_limits<qint32>::min() || *n > std::numeric_limits<qint32>::max())
                return false; // out of range: the server's words, from the text
            appendInt4(out, qint32(*n));
        } else {
            if (*n < std::numeric_limits<qint16>::min() || *n > std::numeric_limits<qint16>::max())
                return false;
            appendBigEndian<qint32>(out, 2);
            appendBigEndian<qint16>(out, qint16(*n));
        }
        return true;
    }
    case Kind::Float8: {
        double d = 0;
        if (value.typeId() == QMetaType::Double) {
            d = value.toDouble(); // NaN and the infinities too, as "NaN" and "Infinity" read
        } else if (const std::optional<qint64> n = wholeNumber(value); n && std::llabs(*n) <= (1LL << 53)) {
            d = double(*n);
        } else {
            return false;
        }
        if (d == 0)
            d = 0.0; // -0 too: its text, "0", reads as +0
        quint64 bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        appendBigEndian<qint32>(out, 8);
        appendBigEndian<quint64>(out, bits);
        return true;
    }
    case Kind::Numeric: {
        const std::optional<QByteArray> text = numberText(value);
        return text && appendNumeric(out, *text);
    }
    case Kind::Date: {
        if (value.typeId() != QMetaType::QDate || value.toDate().year() < 1 || value.toDate().year() > 9999)
            return false;
        appendInt4(out, qint32(value.toDate().toJulianDay() - pgEpochJulianDay));
        return true;
    }
    case Kind::Timestamp:
        return appendTimestamp(out, value);
    }
    return false;
}

} // namespace Ebb::PgCopyBinary
