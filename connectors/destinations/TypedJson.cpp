#include "TypedJson.h"

#include "models/IsoTime.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/Payload.h"
#include "models/mapping/ValueText.h"

#include <QDateTime>

namespace Ebb {

namespace {

// A value (not NULL) in its field's type: a JSON literal (true, 12.50), or else a text.
struct Typed
{
    QByteArray literal;
    QString text;
};

QStringList options(const QVariant& value)
{
    return value.typeId() == QMetaType::QStringList ? value.toStringList()
                                                    : valueText(value).split(QLatin1Char(';'), Qt::SkipEmptyParts);
}

Typed typed(const QVariant& value, const FieldSchema* field)
{
    const FieldSchema::Type type = field ? field->type : FieldSchema::Type::String;
    switch (type) {
    case FieldSchema::Type::Bool:
        if (value.typeId() == QMetaType::Bool)
            return {value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false"), {}};
        if (valueText(value) == QLatin1String("true") || valueText(value) == QLatin1String("false"))
            return {valueText(value).toLatin1(), {}};
        break; // anything else goes as the text it is, for the destination to refuse
    case FieldSchema::Type::Number:
    case FieldSchema::Type::Integer:
        if (value.typeId() == QMetaType::Double) {
            if (const auto decimal = Decimal::fromDouble(value.toDouble()))
                return {decimal->text.toLatin1(), {}};
        } else if (const auto decimal = Decimal::parse(valueText(value))) {
            return {decimal->text.toLatin1(), {}};
        }
        break;
    case FieldSchema::Type::Date:
        if (value.typeId() == QMetaType::QDateTime)
            return {{}, value.toDateTime().toUTC().date().toString(Qt::ISODate)};
        break;
    case FieldSchema::Type::DateTime:
        if (MicroTime::holds(value))
            return {{}, value.value<MicroTime>().toDateTime().toString(Qt::ISODateWithMs)};
        if (value.typeId() == QMetaType::QDateTime)
            return {{}, IsoTime::timestampText(value.toDateTime())};
        break;
    case FieldSchema::Type::MultiEnum:
        return {{}, options(value).join(QLatin1Char(';'))};
    default:
        break;
    }
    return {{}, valueText(value)};
}

} // namespace

QByteArray TypedJson::value(const QVariant& value, const FieldSchema* field, Multi multi)
{
    if (isNull(value))
        return QByteArrayLiteral("null"); // clears the field
    QByteArray out;
    if (multi == Multi::Array && field && field->type == FieldSchema::Type::MultiEnum) {
        const QStringList items = options(value);
        out += '[';
        for (int i = 0; i < items.size(); ++i) {
            if (i)
                out += ',';
            PayloadJson::appendString(out, items[i]);
        }
        return out + ']';
    }
    Typed t = typed(value, field);
    if (!t.literal.isEmpty())
        return t.literal;
    PayloadJson::appendValue(out, t.text);
    return out;
}

QString TypedJson::text(const QVariant& value, const FieldSchema* field)
{
    if (isNull(value))
        return {};
    Typed t = typed(value, field);
    return t.literal.isEmpty() ? t.text : QString::fromLatin1(t.literal);
}

} // namespace Ebb
