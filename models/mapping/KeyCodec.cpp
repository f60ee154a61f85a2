#include "KeyCodec.h"

#include "MicroTime.h"
#include "ValueText.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace Ebb::KeyCodec {

namespace {

constexpr char numberTag = char(0xF8);
constexpr char textTag = char(0xFE);
constexpr char blobTag = char(0xFF);

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

qint64 decodeInteger(const QByteArray& key)
{
    return qint64(readBigEndian(key.constData() + 1) ^ (quint64(1) << 63));
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
    return keyType == ValueType::Integer ? Order::Integer : Order::Text;
}

QString orderName(Order order)
{
    return order == Order::Integer ? QStringLiteral("integer") : QStringLiteral("text");
}

std::optional<Order> orderFromName(const QString& name)
{
    if (name == QLatin1String("integer"))
        return Order::Integer;
    if (name == QLatin1String("text"))
        return Order::Text;
    return std::nullopt;
}

std::optional<QByteArray> encode(Order order, const QVariant& value)
{
    if (isNull(value))
        return std::nullopt;
    const int type = value.typeId();
    const bool integer = type == QMetaType::LongLong || type == QMetaType::Int;
    if (order == Order::Integer) {
        if (integer)
            return encodeInteger(value.toLongLong());
        if (type == QMetaType::Double) {
            if (auto number = encodeNumber(value.toDouble()))
                return number;
        }
        if (type == QMetaType::QByteArray)
            return blobTag + value.toByteArray();
        return textTag + valueText(value).toUtf8();
    }
    if (integer)
        return QByteArray::number(value.toLongLong());
    if (type == QMetaType::QString)
        return value.toString().toUtf8();
    // A timestamp key keeps milliseconds: that text sorts as the warehouse sorts its own, and
    // journals written before MicroTime hold it.
    if (MicroTime::holds(value))
        return valueText(QVariant(value.value<MicroTime>().toDateTime())).toUtf8();
    return valueText(value).toUtf8();
}

QString text(const QByteArray& key)
{
    if (key.size() == 9 && key[0] == numberTag)
        return QString::number(decodeInteger(key));
    if (key.size() == 17 && key[0] == numberTag) {
        const double value = double(decodeInteger(key)) + std::ldexp(double(readBigEndian(key.constData() + 9)), -64);
        return QString::number(value, 'g', QLocale::FloatingPointShortest);
    }
    if (!key.isEmpty() && (key[0] == textTag || key[0] == blobTag))
        return QString::fromUtf8(key.constData() + 1, key.size() - 1);
    return QString::fromUtf8(key);
}

QByteArray reencode(const QByteArray& key, Order order)
{
    const QString shown = text(key);
    if (order == Order::Text)
        return shown.toUtf8();
    if (const auto value = canonicalInteger(shown))
        return encodeInteger(*value);
    return textTag + shown.toUtf8();
}

} // namespace Ebb::KeyCodec
