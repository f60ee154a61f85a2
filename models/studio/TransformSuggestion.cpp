#include "TransformSuggestion.h"

#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QJsonObject>

namespace Ebb {

QString TransformSuggestion::text() const
{
    const QString name = transform.isString() ? transform.toString() : transform.toObject().begin().key();
    return QStringLiteral("%1 → %2: add `%3`").arg(from, to, name);
}

QString TransformSuggestion::kindOf(const QVariant& value)
{
    if (isNull(value))
        return {};
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return QStringLiteral("number");
    if (MicroTime::holds(value))
        return QStringLiteral("timestamp");
    switch (value.typeId()) {
    case QMetaType::Bool:
        return QStringLiteral("bool");
    case QMetaType::Int:
    case QMetaType::LongLong:
        return QStringLiteral("integer");
    case QMetaType::Double:
        return QStringLiteral("number");
    case QMetaType::QDate:
        return QStringLiteral("date");
    case QMetaType::QDateTime:
        return QStringLiteral("timestamp");
    case QMetaType::QStringList:
        return QStringLiteral("list");
    default:
        return QStringLiteral("text");
    }
}

std::optional<TransformSuggestion> TransformSuggestion::forValue(const QVariant& value, const FieldSchema& field)
{
    const QString kind = kindOf(value);
    if (kind.isEmpty())
        return std::nullopt;
    const auto suggest = [&](const QString& to, QJsonValue transform) {
        return std::optional<TransformSuggestion>(TransformSuggestion{kind, to, std::move(transform)});
    };
    // Only the pairs a transform really converts; the others (a bool into a date) have no
    // one-step fix and are left to the validator's message.
    switch (field.type) {
    case FieldSchema::Type::Number:
        if (kind == QLatin1String("text"))
            return suggest(QStringLiteral("number"), QStringLiteral("number"));
        break;
    case FieldSchema::Type::Integer:
        if (kind == QLatin1String("text") || kind == QLatin1String("number"))
            return suggest(QStringLiteral("integer"), QStringLiteral("integer"));
        break;
    case FieldSchema::Type::Bool:
        if (kind == QLatin1String("text") || kind == QLatin1String("integer"))
            return suggest(QStringLiteral("bool"), QStringLiteral("bool"));
        break;
    case FieldSchema::Type::Date:
        if (kind == QLatin1String("text") || kind == QLatin1String("timestamp"))
            return suggest(QStringLiteral("date"), QStringLiteral("date"));
        break;
    case FieldSchema::Type::DateTime:
        if (kind == QLatin1String("text"))
            return suggest(QStringLiteral("timestamp"), QStringLiteral("datetime"));
        break;
    case FieldSchema::Type::String:
    case FieldSchema::Type::Email:
    case FieldSchema::Type::Enum:
        if (kind == QLatin1String("list"))
            return suggest(QStringLiteral("text"), QJsonObject{{QStringLiteral("join"), QStringLiteral(", ")}});
        break;
    case FieldSchema::Type::MultiEnum:
    case FieldSchema::Type::Json:
        break;
    }
    return std::nullopt;
}

} // namespace Ebb
