#include "DestinationSchema.h"

#include <QLocale>
#include <cmath>

namespace Ebb {

QString FieldSchema::boundText(double value)
{
    if (std::floor(value) == value && std::abs(value) < 1e18)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString FieldSchema::rules(bool withLength) const
{
    QStringList parts;
    if (withLength && maxLength > 0)
        parts << QStringLiteral("at most %1 characters").arg(maxLength);
    if (!options.isEmpty())
        parts << QStringLiteral("one of %1").arg(options.join(QLatin1String(", ")));
    if (minimum && maximum)
        parts << QStringLiteral("%1 to %2").arg(boundText(*minimum), boundText(*maximum));
    else if (minimum)
        parts << QStringLiteral("at least %1").arg(boundText(*minimum));
    else if (maximum)
        parts << QStringLiteral("at most %1").arg(boundText(*maximum));
    if (precision > 0)
        parts << QStringLiteral("numeric(%1,%2): at most %3 digit(s) before the point")
                     .arg(precision)
                     .arg(scale)
                     .arg(precision - scale);
    if (dateAtMidnightUtc)
        parts << QStringLiteral("a date (midnight UTC)");
    if (!pattern.isEmpty())
        parts << QStringLiteral("matches %1").arg(pattern);
    return parts.join(QLatin1String("; "));
}

QString FieldSchema::typeName(Type type)
{
    switch (type) {
    case Type::String:
        return QStringLiteral("string");
    case Type::Number:
        return QStringLiteral("number");
    case Type::Integer:
        return QStringLiteral("integer");
    case Type::Bool:
        return QStringLiteral("bool");
    case Type::Date:
        return QStringLiteral("date");
    case Type::DateTime:
        return QStringLiteral("datetime");
    case Type::Email:
        return QStringLiteral("email");
    case Type::Enum:
        return QStringLiteral("enumeration");
    case Type::MultiEnum:
        return QStringLiteral("multi-select");
    case Type::Json:
        return QStringLiteral("json");
    }
    return QStringLiteral("string");
}

const FieldSchema* DestinationSchema::field(const QString& name) const
{
    for (const auto& f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

} // namespace Ebb
