#include "ValueType.h"

namespace Ebb {

QString valueTypeName(ValueType type)
{
    switch (type) {
    case ValueType::Text:
        return QStringLiteral("text");
    case ValueType::Integer:
        return QStringLiteral("integer");
    case ValueType::Double:
        return QStringLiteral("double");
    case ValueType::Numeric:
        return QStringLiteral("numeric");
    case ValueType::Bool:
        return QStringLiteral("bool");
    case ValueType::Date:
        return QStringLiteral("date");
    case ValueType::Timestamp:
        return QStringLiteral("timestamp");
    case ValueType::Json:
        return QStringLiteral("json");
    case ValueType::Bytes:
        return QStringLiteral("bytes");
    }
    return QStringLiteral("text");
}

} // namespace Ebb
