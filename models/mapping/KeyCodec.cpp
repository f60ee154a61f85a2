#include "KeyCodec.h"

#include "ValueText.h"

namespace Ebb::KeyCodec {

namespace {

constexpr char integerTag = char(0xF8);
constexpr char otherTag = char(0xFF);

QByteArray encodeInteger(qint64 value)
{
    QByteArray out(9, Qt::Uninitialized);
    out[0] = integerTag;
    const quint64 biased = quint64(value) ^ (quint64(1) << 63);
    for (int i = 0; i < 8; ++i)
        out[1 + i] = char((biased >> (56 - 8 * i)) & 0xFF);
    return out;
}

bool isIntegerKey(const QByteArray& key)
{
    return key.size() == 9 && key[0] == integerTag;
}

qint64 decodeInteger(const QByteArray& key)
{
    quint64 biased = 0;
    for (int i = 0; i < 8; ++i)
        biased = (biased << 8) | quint8(key[1 + i]);
    return qint64(biased ^ (quint64(1) << 63));
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
        return otherTag + valueText(value).toUtf8();
    }
    if (integer)
        return QByteArray::number(value.toLongLong());
    if (type == QMetaType::QString)
        return value.toString().toUtf8();
    return valueText(value).toUtf8();
}

QString text(const QByteArray& key)
{
    if (isIntegerKey(key))
        return QString::number(decodeInteger(key));
    if (!key.isEmpty() && key[0] == otherTag)
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
    return otherTag + shown.toUtf8();
}

} // namespace Ebb::KeyCodec
