#include "ValueText.h"

#include "Decimal.h"
#include "MicroTime.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>

namespace Ebb {

QString valueText(const QVariant& value)
{
    if (isNull(value))
        return {};
    switch (value.typeId()) {
    case QMetaType::QDate: return value.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime: return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case QMetaType::Double: return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QStringList: return value.toStringList().join(QLatin1String(", "));
    default: break;
    }
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().text;
    if (MicroTime::holds(value))
        return value.value<MicroTime>().text();
    return value.toString();
}

} // namespace Ebb
