#include "JsonChecker.h"

#include <cmath>

namespace Ebb {

void JsonChecker::error(const QString& path, const QString& problem)
{
    m_errors << QStringLiteral("%1: %2: %3").arg(m_file, path, problem);
}

QString JsonChecker::typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool JsonChecker::present(const QJsonObject& object, const QString& key, const QString& path, bool required)
{
    if (object.contains(key))
        return true;
    if (required)
        error(child(path, key), QStringLiteral("required field is missing"));
    return false;
}

std::optional<QString> JsonChecker::string(
    const QJsonObject& object, const QString& key, const QString& path, bool required)
{
    if (!present(object, key, path, required))
        return std::nullopt;
    const QJsonValue value = object.value(key);
    if (!value.isString()) {
        error(child(path, key), QStringLiteral("expected a string, found %1").arg(typeName(value)));
        return std::nullopt;
    }
    if (required && value.toString().trimmed().isEmpty()) {
        error(child(path, key), QStringLiteral("must not be empty"));
        return std::nullopt;
    }
    return value.toString();
}

std::optional<int> JsonChecker::integer(
    const QJsonObject& object, const QString& key, const QString& path, bool required, int minimum, int maximum)
{
    if (!present(object, key, path, required))
        return std::nullopt;
    const QJsonValue value = object.value(key);
    const double number = value.toDouble();
    if (!value.isDouble()) {
        error(child(path, key), QStringLiteral("expected a whole number, found %1").arg(typeName(value)));
        return std::nullopt;
    }
    if (std::floor(number) != number) {
        error(child(path, key), QStringLiteral("expected a whole number, found %1").arg(number));
        return std::nullopt;
    }
    if (number < minimum || number > maximum) {
        error(child(path, key),
            QStringLiteral("%1 is out of range (%2 to %3)").arg(number, 0, 'g', 17).arg(minimum).arg(maximum));
        return std::nullopt;
    }
    return int(number);
}

std::optional<bool> JsonChecker::boolean(const QJsonObject& object, const QString& key, const QString& path)
{
    if (!present(object, key, path, false))
        return std::nullopt;
    const QJsonValue value = object.value(key);
    if (!value.isBool()) {
        error(child(path, key), QStringLiteral("expected true or false, found %1").arg(typeName(value)));
        return std::nullopt;
    }
    return value.toBool();
}

std::optional<QJsonObject> JsonChecker::object(
    const QJsonObject& object, const QString& key, const QString& path, bool required)
{
    if (!present(object, key, path, required))
        return std::nullopt;
    const QJsonValue value = object.value(key);
    if (!value.isObject()) {
        error(child(path, key), QStringLiteral("expected an object, found %1").arg(typeName(value)));
        return std::nullopt;
    }
    return value.toObject();
}

std::optional<QJsonArray> JsonChecker::array(
    const QJsonObject& object, const QString& key, const QString& path, bool required)
{
    if (!present(object, key, path, required))
        return std::nullopt;
    const QJsonValue value = object.value(key);
    if (!value.isArray()) {
        error(child(path, key), QStringLiteral("expected an array, found %1").arg(typeName(value)));
        return std::nullopt;
    }
    return value.toArray();
}

void JsonChecker::onlyKeys(const QJsonObject& object, const QString& path, const QStringList& known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()) || it.key().startsWith(QLatin1Char('$'))
            || it.key().startsWith(QLatin1String("x-")))
            continue;
        error(child(path, it.key()),
            QStringLiteral("unknown setting; this place takes %1").arg(known.join(QLatin1String(", "))));
    }
}

} // namespace Ebb
