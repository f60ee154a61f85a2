#include "TypedJson.h"

#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/Payload.h"
#include "models/mapping/ValueText.h"

#include <QDateTime>

namespace Ebb {

QByteArray TypedJson::value(const QVariant& value, const FieldSchema* field, Multi multi)
{
    QByteArray out;
    if (isNull(value))
        return QByteArrayLiteral("null"); // clears the field
    const FieldSchema::Type type = field ? field->type : FieldSchema::Type::String;
    switch (type) {
    case FieldSchema::Type::Bool:
        if (value.typeId() == QMetaType::Bool)
            return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
        if (valueText(value) == QLatin1String("true") || valueText(value) == QLatin1String("false"))
            return valueText(value).toLatin1();
        break; // anything else goes as the text it is, for the destination to refuse
    case FieldSchema::Type::Number:
    case FieldSchema::Type::Integer:
        if (value.typeId() == QMetaType::Double) {
            if (const auto decimal = Decimal::fromDouble(value.toDouble()))
                return decimal->text.toLatin1();
        } else if (const auto decimal = Decimal::parse(valueText(value))) {
            return decimal->text.toLatin1();
        }
        break;
    case FieldSchema::Type::Date:
        if (value.typeId() == QMetaType::QDateTime) {
            PayloadJson::appendValue(out, value.toDateTime().toUTC().date().toString(Qt::ISODate));
            return out;
        }
        break;
    case FieldSchema::Type::DateTime:
        if (MicroTime::holds(value)) {
            PayloadJson::appendValue(out, value.value<MicroTime>().toDateTime().toString(Qt::ISODateWithMs));
            return out;
        }
        if (value.typeId() == QMetaType::QDateTime) {
            PayloadJson::appendValue(out, value.toDateTime().toUTC().toString(Qt::ISODateWithMs));
            return out;
        }
        break;
    case FieldSchema::Type::MultiEnum: {
        const QStringList items = value.typeId() == QMetaType::QStringList
            ? value.toStringList()
            : valueText(value).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        if (multi == Multi::Array) {
            out += '[';
            for (int i = 0; i < items.size(); ++i) {
                if (i)
                    out += ',';
                PayloadJson::appendString(out, items[i]);
            }
            out += ']';
        } else {
            PayloadJson::appendValue(out, items.join(QLatin1Char(';')));
        }
        return out;
    }
    default:
        break;
    }
    PayloadJson::appendValue(out, valueText(value));
    return out;
}

} // namespace Ebb
