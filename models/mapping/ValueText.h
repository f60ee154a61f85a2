#pragma once

#include <QString>
#include <QVariant>

namespace Ebb {

// The text of a mapped value: what a template inserts and a text transform works on.
// Dates are ISO 8601, timestamps ISO 8601 UTC with "Z", decimals exact, lists joined by ", ".
QString valueText(const QVariant& value);

inline bool isNull(const QVariant& value)
{
    return !value.isValid() || value.isNull();
}

} // namespace Ebb
