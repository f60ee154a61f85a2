#include "PgParameter.h"

#include "models/IsoTime.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/ValueText.h"

#include <QDateTime>
#include <QStringList>

namespace Ebb {

std::optional<QByteArray> pgParameter(const QVariant& value, const FieldSchema* field)
{
    if (isNull(value))
        return std::nullopt;
    if (field && value.typeId() == QMetaType::QString && value.toString().isEmpty() && !field->isTextLike())
        return std::nullopt;
    switch (value.typeId()) {
    case QMetaType::Double:
        if (const auto decimal = Decimal::fromDouble(value.toDouble()))
            return decimal->text.toLatin1();
        return valueText(value).toUtf8(); // NaN, Infinity, -Infinity
    case QMetaType::Bool:
        return QByteArray(value.toBool() ? "true" : "false");
    case QMetaType::QDateTime:
        return IsoTime::timestampText(value.toDateTime()).toLatin1();
    case QMetaType::QStringList:
        return value.toStringList().join(QLatin1Char(';')).toUtf8();
    default:
        return valueText(value).toUtf8();
    }
}

} // namespace Ebb
