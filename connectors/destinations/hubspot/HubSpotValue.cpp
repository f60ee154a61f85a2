#include "HubSpotValue.h"

#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QDateTime>
#include <QJsonDocument>

namespace Ebb {

namespace {

QString isoUtc(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QLatin1Char('Z');
}

} // namespace

QString HubSpotValue::text(const QVariant& value, const FieldSchema* field)
{
    if (isNull(value))
        return QString(); // "": HubSpot clears the property
    const FieldSchema::Type type = field ? field->type : FieldSchema::Type::String;
    switch (type) {
    case FieldSchema::Type::Bool:
        if (value.typeId() == QMetaType::Bool)
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case FieldSchema::Type::Number:
    case FieldSchema::Type::Integer:
        if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float) {
            if (const auto decimal = Decimal::fromDouble(value.toDouble()))
                return decimal->text;
        } else if (value.typeId() == QMetaType::QString) {
            if (const auto decimal = Decimal::parse(value.toString())) // "+5", "007.50": digits and one point
                return decimal->text;
        }
        break;
    case FieldSchema::Type::Date:
        if (value.typeId() == QMetaType::QDate)
            return value.toDate().toString(Qt::ISODate);
        if (value.typeId() == QMetaType::QDateTime)
            return value.toDateTime().toUTC().date().toString(Qt::ISODate);
        break;
    case FieldSchema::Type::DateTime:
        if (MicroTime::holds(value))
            return isoUtc(value.value<MicroTime>().toDateTime()); // HubSpot keeps milliseconds
        if (value.typeId() == QMetaType::QDateTime)
            return isoUtc(value.toDateTime());
        if (value.typeId() == QMetaType::QDate)
            return isoUtc(value.toDate().startOfDay(Qt::UTC));
        break;
    case FieldSchema::Type::MultiEnum:
        if (value.typeId() == QMetaType::QStringList)
            return value.toStringList().join(QLatin1Char(';'));
        break;
    case FieldSchema::Type::Json:
        if (value.typeId() == QMetaType::QJsonValue || value.typeId() == QMetaType::QJsonObject
            || value.typeId() == QMetaType::QJsonArray || value.typeId() == QMetaType::QVariantMap
            || value.typeId() == QMetaType::QVariantList)
            return QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact));
        break;
    case FieldSchema::Type::String:
    case FieldSchema::Type::Email:
    case FieldSchema::Type::Enum:
        break;
    }
    return valueText(value);
}

} // namespace Ebb
