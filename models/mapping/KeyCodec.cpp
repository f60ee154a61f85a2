#include "KeyCodec.h"

#include "Decimal.h"
#include "MicroTime.h"
#include "ValueText.h"

#include <QDate>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace Ebb::KeyCodec {

namespace {

constexpr char timestampTag = char(0xF5);
constexpr char doubleTag = char(0xF6);
constexpr char numericTag = char(0xF7);
constexpr char numberTag = char(0xF8);
constexpr char textTag = char(0xFE);
constexpr char blobTag = char(0xFF);

constexpr qint64 unixEpochJulianDay = 2440588;
constexpr qint64 microsPerDay = 86400LL * 1000 * 1000;

void appendBigEndian(QByteArray& out, quint64 value)
{
    for (int i = 0; i < 8; ++i)
        out += char((value >> (56 - 8 * i)) & 0xFF);
}

quint64 readBigEndian(const char* data)
{
    quint64 value = 0;
    for (int i = 0; i < 8; ++i)
        value = (value << 8) | quint8(data[i]);
    return value;
}

QByteArray encodeInteger(qint64 value)
{
    QByteArray out;
    out.reserve(9);
    out += numberTag;
    appendBigEndian(out, quint64(value) ^ (quint64(1) << 63));
    return out;
}

qint64 decodeSigned(const char* data)
{
    return qint64(readBigEndian(data) ^ (quint64(1) << 63));
}

// An integral double is the integer (SQLite finds 2.0 and 2 equal); a fractional one appends
// its fraction to its floor's integer, which it therefore sorts right after. Doubles outside
// the int64 range (or not finite) are not keys anyone sorts by: they go as text.
std::optional<QByteArray> encodeNumber(double value)
{
    constexpr double limit = 9223372036854775808.0; // 2^63
    if (!std::isfinite(value) || value < -limit || value >= limit)
        return std::nullopt;
    const double floor = std::floor(value);
    QByteArray out = encodeInteger(qint64(floor));
    const double fraction = value - floor;
    if (fraction > 0)
        appendBigEndian(out, quint64(std::min(std::ldexp(fraction, 64), 18446744073709549568.0)));
    return out;
}

// Text, then blobs, after every number: the way SQLite sorts the other storage classes of a
// column, and what a value order falls back to for a cell that is not of its kind.
QByteArray encodeOther(const QVariant& value)
{
    if (value.typeId() == QMetaType::QByteArray)
        return blobTag + value.toByteArray();
    return textTag + valueText(value).toUtf8();
}

QByteArray encodeDouble(double value)
{
    if (std::isnan(value))
        value = std::numeric_limits<double>::quiet_NaN(); // one NaN, after +Infinity
    if (value == 0)
        value = 0; // -0 is 0
    quint64 bits;
    std::memcpy(&bits, &value, 8);
    bits = (bits & (quint64(1) << 63)) ? ~bits : bits | (quint64(1) << 63);
    QByteArray out;
    out.reserve(9);
    out += doubleTag;
    appendBigEndian(out, bits);
    return out;
}

double decodeDouble(const char* data)
{
    quint64 bits = readBigEndian(data);
    bits = (bits & (quint64(1) << 63)) ? bits & ~(quint64(1) << 63) : ~bits;
    double value;
    std::memcpy(&value, &bits, 8);
    return value;
}

// Numeric classes, in the warehouse's order.
enum NumericClass : char { MinusInfinity = 0, Negative = 1, Zero = 2, Positive = 3, PlusInfinity = 4, NotANumber = 5 };

std::optional<QByteArray> encodeNumeric(const QString& text)
{
    QByteArray out(1, numericTag);
    if (text == QLatin1String("NaN"))
        return out + char(NotANumber);
    if (text == QLatin1String("Infinity"))
        return out + char(PlusInfinity);
    if (text == QLatin1String("-Infinity"))
        return out + char(MinusInfinity);
    const auto decimal = Decimal::parse(text);
    if (!decimal)
        return std::nullopt;
    QString digits = decimal->text;
    const bool negative = digits.startsWith(QLatin1Char('-'));
    if (negative)
        digits.remove(0, 1);
    qsizetype point = digits.indexOf(QLatin1Char('.'));
    if (point < 0)
        point = digits.size();
    else
        digits.remove(point, 1);
    // 0.d1d2d3… × 10^exponent, without leading or trailing zeros: 10.00 and 10 are one key.
    qsizetype first = 0;
    while (first < digits.size() && digits[first] == QLatin1Char('0'))
        ++first;
    if (first == digits.size())
        return out + char(Zero);
    const qint64 exponent = qint64(point) - qint64(first);
    qsizetype last = digits.size();
    while (last > first && digits[last - 1] == QLatin1Char('0'))
        --last;
    QByteArray body;
    const quint32 biased = quint32(exponent + 0x80000000LL);
    for (int shift = 24; shift >= 0; shift -= 8)
        body += char((biased >> shift) & 0xFF);
    body += digits.mid(first, last - first).toLatin1();
    body += char(0); // a shorter digit string is the smaller number
    if (negative) {
        for (char& c : body)
            c = char(~c);
    }
    out += char(negative ? Negative : Positive);
    return out + body;
}

QString decodeNumeric(const QByteArray& key)
{
    if (key.size() < 2)
        return QString::fromUtf8(key);
    switch (key[1]) {
    case NotANumber:
        return QStringLiteral("NaN");
    case PlusInfinity:
        return QStringLiteral("Infinity");
    case MinusInfinity:
        return QStringLiteral("-Infinity");
    case Zero:
        return QStringLiteral("0");
    default:
        break;
    }
    const bool negative = key[1] == Negative;
    QByteArray body = key.mid(2);
    if (negative) {
        for (char& c : body)
            c = char(~c);
    }
    if (body.size() < 5)
        return QString::fromUtf8(key);
    const qint64 exponent = qint64((quint32(quint8(body[0])) << 24) | (quint32(quint8(body[1])) << 16)
                                | (quint32(quint8(body[2])) << 8) | quint32(quint8(body[3])))
        - 0x80000000LL;
    QString digits = QString::fromLatin1(body.mid(4, body.size() - 5));
    QString text;
    if (exponent <= 0)
        text = QStringLiteral("0.") + QString(qsizetype(-exponent), QLatin1Char('0')) + digits;
    else if (exponent >= digits.size())
        text = digits + QString(qsizetype(exponent - digits.size()), QLatin1Char('0'));
    else
        text = digits.left(exponent) + QLatin1Char('.') + digits.mid(exponent);
    return negative ? QLatin1Char('-') + text : text;
}

QByteArray encodeInstant(qint64 julianDay, qint64 microOfDay)
{
    QByteArray out;
    out.reserve(18);
    out += timestampTag;
    out += char(1);
    appendBigEndian(out, quint64(julianDay) ^ (quint64(1) << 63));
    appendBigEndian(out, quint64(microOfDay));
    return out;
}

QByteArray encodeUnixMicros(qint64 usecs)
{
    const qint64 days = usecs / microsPerDay - (usecs % microsPerDay < 0 ? 1 : 0);
    return encodeInstant(unixEpochJulianDay + days, usecs - days * microsPerDay);
}

// PostgreSQL's text for an instant outside years 1 to 9999 ("0044-03-15 12:00:00.500+00 BC",
// "294270-06-15 12:00:00.500+00"), which is how such values reach Ebb; also the ISO text of
// journals written before this order existed.
std::optional<QByteArray> encodeTimestampText(const QString& text)
{
    if (text == QLatin1String("-infinity"))
        return QByteArray(1, timestampTag) + char(0);
    if (text == QLatin1String("infinity"))
        return QByteArray(1, timestampTag) + char(2);
    static const QRegularExpression shape(QStringLiteral(
        R"(^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:Z|\+00(?::00)?)?)?( BC)?$)"));
    const auto match = shape.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 year = match.captured(1).toLongLong();
    const QDate date(
        int(match.captured(8).isEmpty() ? year : -year), match.captured(2).toInt(), match.captured(3).toInt());
    if (!date.isValid())
        return std::nullopt;
    const QString fraction = match.captured(7).leftJustified(6, QLatin1Char('0'));
    const qint64 micro
        = ((match.captured(4).toLongLong() * 60 + match.captured(5).toLongLong()) * 60 + match.captured(6).toLongLong())
            * 1000000
        + fraction.toLongLong();
    return encodeInstant(date.toJulianDay(), micro);
}

std::optional<QByteArray> encodeTimestamp(const QVariant& value)
{
    if (MicroTime::holds(value))
        return encodeUnixMicros(value.value<MicroTime>().usecs);
    if (value.typeId() == QMetaType::QDateTime)
        return encodeUnixMicros(value.toDateTime().toMSecsSinceEpoch() * 1000);
    if (value.typeId() == QMetaType::QString)
        return encodeTimestampText(value.toString());
    return std::nullopt;
}

QString decodeTimestamp(const QByteArray& key)
{
    if (key.size() == 2)
        return key[1] == 0 ? QStringLiteral("-infinity") : QStringLiteral("infinity");
    if (key.size() != 18)
        return QString::fromUtf8(key);
    const qint64 julianDay = decodeSigned(key.constData() + 2);
    const qint64 micro = qint64(readBigEndian(key.constData() + 10));
    const QDate date = QDate::fromJulianDay(julianDay);
    if (date.year() >= 1 && date.year() <= 9999)
        return valueText(MicroTime::variant((julianDay - unixEpochJulianDay) * microsPerDay + micro));
    const qint64 seconds = micro / 1000000;
    return QStringLiteral("%1-%2-%3 %4:%5:%6.%7+00%8")
        .arg(std::abs(date.year()), 4, 10, QLatin1Char('0'))
        .arg(date.month(), 2, 10, QLatin1Char('0'))
        .arg(date.day(), 2, 10, QLatin1Char('0'))
        .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'))
        .arg(micro % 1000000, 6, 10, QLatin1Char('0'))
        .arg(date.year() < 0 ? QStringLiteral(" BC") : QString());
}

// The text as an integer when it is written the way an integer's text is (no '+', no leading
// zeros, no spaces), so that re-encoding a journal maps each key to what the warehouse sends.
std::optional<qint64> canonicalInteger(const QString& text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || QString::number(value) != text)
        return std::nullopt;
    return value;
}

} // namespace

Order orderFor(ValueType keyType)
{
    switch (keyType) {
    case ValueType::Integer:
        return Order::Integer;
    case ValueType::Double:
        return Order::Double;
    case ValueType::Numeric:
        return Order::Numeric;
    case ValueType::Timestamp:
        return Order::Timestamp;
    case ValueType::Bytes:
        return Order::Bytes;
    default:
        return Order::Text;
    }
}

QString orderName(Order order)
{
    switch (order) {
    case Order::Integer:
        return QStringLiteral("integer");
    case Order::Double:
        return QStringLiteral("double");
    case Order::Numeric:
        return QStringLiteral("numeric");
    case Order::Timestamp:
        return QStringLiteral("timestamp");
    case Order::Bytes:
        return QStringLiteral("bytes");
    case Order::Text:
        break;
    }
    return QStringLiteral("text");
}

std::optional<Order> orderFromName(const QString& name)
{
    for (Order order : {Order::Text, Order::Integer, Order::Double, Order::Numeric, Order::Timestamp, Order::Bytes}) {
        if (orderName(order) == name)
            return order;
    }
    return std::nullopt;
}

std::optional<QByteArray> encode(Order order, const QVariant& value)
{
    if (isNull(value))
        return std::nullopt;
    const int type = value.typeId();
    const bool integer = type == QMetaType::LongLong || type == QMetaType::Int;
    switch (order) {
    case Order::Integer:
    case Order::Bytes:
        if (integer)
            return encodeInteger(value.toLongLong());
        if (type == QMetaType::Double) {
            if (auto number = encodeNumber(value.toDouble()))
                return number;
        }
        return encodeOther(value);
    case Order::Double:
        if (type == QMetaType::Double || integer)
            return encodeDouble(value.toDouble());
        return encodeOther(value);
    case Order::Numeric:
        if (integer)
            return encodeNumeric(QString::number(value.toLongLong()));
        if (type == QMetaType::Double && std::isfinite(value.toDouble()))
            return encodeNumeric(valueText(value));
        if (auto number = encodeNumeric(valueText(value)))
            return number;
        return encodeOther(value);
    case Order::Timestamp:
        if (auto instant = encodeTimestamp(value))
            return instant;
        return encodeOther(value);
    case Order::Text:
        break;
    }
    if (integer)
        return QByteArray::number(value.toLongLong());
    if (type == QMetaType::QString)
        return value.toString().toUtf8();
    return valueText(value).toUtf8();
}

QString text(const QByteArray& key)
{
    if (key.isEmpty())
        return QString();
    switch (key[0]) {
    case numberTag:
        if (key.size() == 9)
            return QString::number(decodeSigned(key.constData() + 1));
        if (key.size() == 17) {
            const double value = double(decodeSigned(key.constData() + 1))
                + std::ldexp(double(readBigEndian(key.constData() + 9)), -64);
            return QString::number(value, 'g', QLocale::FloatingPointShortest);
        }
        break;
    case doubleTag:
        if (key.size() == 9) {
            const double value = decodeDouble(key.constData() + 1);
            if (std::isnan(value))
                return QStringLiteral("NaN");
            if (std::isinf(value))
                return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
            return QString::number(value, 'g', QLocale::FloatingPointShortest);
        }
        break;
    case numericTag:
        return decodeNumeric(key);
    case timestampTag:
        return decodeTimestamp(key);
    case textTag:
        return QString::fromUtf8(key.constData() + 1, key.size() - 1);
    case blobTag: {
        // Bytes as PostgreSQL writes bytea: exact, whatever they hold.
        return QStringLiteral("\\x") + QString::fromLatin1(key.mid(1).toHex());
    }
    default:
        break;
    }
    return QString::fromUtf8(key);
}

QByteArray reencode(const QByteArray& key, Order order)
{
    if (order == Order::Bytes && !key.isEmpty() && key[0] == blobTag)
        return key;
    const QString shown = text(key);
    switch (order) {
    case Order::Text:
        return shown.toUtf8();
    case Order::Integer:
        if (const auto value = canonicalInteger(shown))
            return encodeInteger(*value);
        return textTag + shown.toUtf8();
    case Order::Bytes:
        if (const auto value = canonicalInteger(shown))
            return encodeInteger(*value);
        if (shown.startsWith(QLatin1String("\\x"))) {
            const QByteArray hex = shown.mid(2).toLatin1();
            const QByteArray bytes = QByteArray::fromHex(hex);
            if (bytes.toHex() == hex.toLower())
                return blobTag + bytes;
        }
        return blobTag + shown.toUtf8(); // a bytea key journaled as its (lossy) text: at best its bytes
    case Order::Double: {
        bool ok = false;
        const double value = shown.toDouble(&ok);
        if (ok)
            return encodeDouble(value);
        if (shown == QLatin1String("NaN"))
            return encodeDouble(std::numeric_limits<double>::quiet_NaN());
        if (shown == QLatin1String("Infinity") || shown == QLatin1String("-Infinity"))
            return encodeDouble(shown.startsWith(QLatin1Char('-')) ? -HUGE_VAL : HUGE_VAL);
        return textTag + shown.toUtf8();
    }
    case Order::Numeric:
        if (auto value = encodeNumeric(shown))
            return *value;
        return textTag + shown.toUtf8();
    case Order::Timestamp:
        if (auto value = encodeTimestampText(shown))
            return *value;
        return textTag + shown.toUtf8();
    }
    return shown.toUtf8();
}

} // namespace Ebb::KeyCodec
