#include "QtSqlValue.h"

#include "models/mapping/Decimal.h"

#include <QDateTime>

namespace Ebb::QtSqlValue {

QVariant convert(const QVariant& value, ValueType type)
{
    if (value.isNull())
        return {};
    switch (type) {
    case ValueType::Integer: {
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        return ok ? QVariant(n) : value;
    }
    case ValueType::Double:
        return value.toDouble();
    case ValueType::Bool:
        return value.toBool();
    case ValueType::Numeric:
        if (const auto decimal = Decimal::parse(value.toString().trimmed()))
            return QVariant::fromValue(*decimal);
        return value.toString(); // NaN, Infinity: as the warehouse wrote it
    case ValueType::Date:
        return value.toDate();
    case ValueType::Timestamp: {
        QDateTime t = value.toDateTime();
        t.setTimeSpec(Qt::UTC);
        return t;
    }
    case ValueType::Bytes:
        return value.toByteArray();
    default:
        return value.toString();
    }
}

} // namespace Ebb::QtSqlValue
