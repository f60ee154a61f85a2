#include "ReadPosition.h"

#include "models/mapping/Decimal.h"

#include <QDateTime>
#include <QTimeZone>

namespace Ebb::ReadPosition {

QString encode(const QVariant& value, ValueType type)
{
    switch (type) {
    case ValueType::Integer:
        return QString::number(value.toLongLong());
    case ValueType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case ValueType::Date:
        return value.toDate().toString(Qt::ISODate);
    case ValueType::Timestamp:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    default:
        return value.toString();
    }
}

std::optional<QVariant> decode(const QString& text, ValueType type)
{
    bool ok = true;
    switch (type) {
    case ValueType::Integer: {
        const qlonglong n = text.toLongLong(&ok);
        return ok ? std::optional<QVariant>(n) : std::nullopt;
    }
    case ValueType::Double: {
        const double d = text.toDouble(&ok);
        return ok ? std::optional<QVariant>(d) : std::nullopt;
    }
    case ValueType::Numeric: // exact decimal text, as the warehouse gave it
        return Decimal::parse(text) ? std::optional<QVariant>(text) : std::nullopt;
    case ValueType::Date: {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        return d.isValid() ? std::optional<QVariant>(d) : std::nullopt;
    }
    case ValueType::Timestamp: {
        QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!t.isValid())
            return std::nullopt;
        return QVariant(t.toUTC());
    }
    case ValueType::Text:
        return QVariant(text);
    default:
        return std::nullopt;
    }
}

bool less(const QVariant& a, const QVariant& b, ValueType type)
{
    switch (type) {
    case ValueType::Integer:
        return a.toLongLong() < b.toLongLong();
    case ValueType::Double:
        return a.toDouble() < b.toDouble();
    case ValueType::Numeric: {
        const auto x = Decimal::parse(a.toString()), y = Decimal::parse(b.toString());
        if (x && y)
            return Decimal::compare(*x, *y) < 0;
        return a.toString().toDouble() < b.toString().toDouble(); // "NaN" and the like
    }
    case ValueType::Date:
        return a.toDate() < b.toDate();
    case ValueType::Timestamp:
        return a.toDateTime() < b.toDateTime();
    default:
        // By the bytes of UTF-8, as the warehouse is asked to compare (WarehouseConnector::atOrPast).
        return a.toString().toUtf8() < b.toString().toUtf8();
    }
}

} // namespace Ebb::ReadPosition
