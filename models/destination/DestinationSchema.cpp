#include "DestinationSchema.h"

namespace Ebb {

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
