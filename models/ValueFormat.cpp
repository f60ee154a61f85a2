#include "ValueFormat.h"

#include "models/mapping/MicroTime.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace Ebb::ValueFormat {

QString moment(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QString();
}

QString key(const QString& key, bool isNull)
{
    return isNull ? QStringLiteral("NULL") : key;
}

QString display(const QVariant& value, ValueType type)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("NULL");
    switch (type) {
    case ValueType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case ValueType::Date:
        if (value.typeId() == QMetaType::QDate)
            return value.toDate().toString(Qt::ISODate);
        break;
    case ValueType::Timestamp:
        if (value.typeId() == QMetaType::QDateTime)
            return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
        if (MicroTime::holds(value))
            return value.value<MicroTime>().text();
        break;
    case ValueType::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case ValueType::Bytes:
        return QStringLiteral("0x") + QString::fromLatin1(value.toByteArray().toHex());
    default:
        break;
    }
    // A date column holding "2024-03-05 14:22:10" keeps its text so the problem stays visible.
    return value.toString();
}

QJsonValue toJson(const QVariant& value, ValueType type)
{
    if (!value.isValid() || value.isNull())
        return QJsonValue::Null;
    switch (type) {
    case ValueType::Integer:
        if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
            return QJsonValue(value.toLongLong());
        break;
    case ValueType::Double:
        return QJsonValue(value.toDouble());
    case ValueType::Bool:
        return QJsonValue(value.toBool());
    case ValueType::Json: {
        const auto doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(value.toString()).toUtf8());
        if (doc.isArray() && doc.array().size() == 1)
            return doc.array().first();
        break;
    }
    default:
        break;
    }
    return QJsonValue(display(value, type));
}

} // namespace Ebb::ValueFormat
