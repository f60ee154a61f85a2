#include "MicroTime.h"

namespace Ebb {

namespace {

// Before any MicroTime exists (variant() lives in this file, so whoever makes one links it).
const bool convertersRegistered = [] {
    QMetaType::registerConverter<MicroTime, QDateTime>(&MicroTime::toDateTime);
    QMetaType::registerConverter<MicroTime, QString>(&MicroTime::text);
    return true;
}();

} // namespace

QVariant MicroTime::variant(qint64 usecs)
{
    Q_UNUSED(convertersRegistered);
    const MicroTime time{usecs};
    if (time.subMillisecond() == 0)
        return QVariant(time.toDateTime());
    return QVariant::fromValue(time);
}

QString MicroTime::text() const
{
    QString ms = toDateTime().toString(Qt::ISODateWithMs); // "…10.123Z"
    if (ms.endsWith(QLatin1Char('Z')))
        ms.insert(ms.size() - 1, QStringLiteral("%1").arg(subMillisecond(), 3, 10, QLatin1Char('0')));
    return ms;
}

} // namespace Ebb
