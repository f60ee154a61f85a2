#include "ValueText.h"

#include "Decimal.h"
#include "MicroTime.h"
#include "models/IsoTime.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <cmath>

namespace Ebb {

QString valueText(const QVariant& value)
{
    if (isNull(value))
        return {};
    switch (value.typeId()) {
    case QMetaType::QDate:
        return IsoTime::dateText(value.toDate());
    case QMetaType::QDateTime:
        return IsoTime::timestampText(value.toDateTime());
    case QMetaType::Double: {
        // Non-finite numbers as PostgreSQL writes them (and a float column reads them back).
        const double d = value.toDouble();
        if (std::isnan(d))
            return QStringLiteral("NaN");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QMetaType::QByteArray: // bytes as PostgreSQL's bytea text: exact, whatever they hold
        return QStringLiteral("\\x") + QString::fromLatin1(value.toByteArray().toHex());
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QStringList:
        return value.toStringList().join(QLatin1String(", "));
    default:
        break;
    }
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().text;
    if (MicroTime::holds(value))
        return value.value<MicroTime>().text();
    return value.toString();
}

} // namespace Ebb
