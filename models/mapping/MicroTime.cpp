#include "MicroTime.h"

#include "models/IsoTime.h"

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
    return IsoTime::timestampText(floorMSecs(), subMillisecond());
}

} // namespace Ebb
