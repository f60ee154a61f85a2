#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

QString jsonLiteral(const QJsonValue& value)
{
    // QJsonDocument writes only arrays and objects: wrap the value and strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QString transformLabel(const QJsonValue& transform)
{
    if (transform.isString())
        return transform.toString();
    const QJsonObject object = transform.toObject();
    return object.isEmpty() ? QStringLiteral("?") : object.begin().key();
}

QString transformSetting(const QJsonValue& transform)
{
    if (!transform.isObject() || transform.toObject().isEmpty())
        return {};
    const QJsonValue value = transform.toObject().begin().value();
    if (value.isObject())
        return value.toObject().value(QStringLiteral("timeZone")).toString(); // date, datetime
    return value.isString() ? value.toString() : jsonLiteral(value);
}

QString transformText(const QJsonValue& transform)
{
    const QString setting = transformSetting(transform);
    return setting.isEmpty() ? transformLabel(transform) : transformLabel(transform) + QLatin1Char(' ') + setting;
}

} // namespace Ebb
