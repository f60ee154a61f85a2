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

// A text value from UTF-8, every character kept: QString::fromUtf8 drops a leading byte
// order mark, which in a value (unlike a file) is a character like any other.
inline QString textFromUtf8(const char* data, qsizetype size)
{
    qsizetype marks = 0;
    while (size - 3 * marks >= 3 && uchar(data[3 * marks]) == 0xEF && uchar(data[3 * marks + 1]) == 0xBB
        && uchar(data[3 * marks + 2]) == 0xBF)
        ++marks;
    if (marks == 0)
        return QString::fromUtf8(data, size);
    return QString(marks, QChar(0xFEFF)) + QString::fromUtf8(data + 3 * marks, size - 3 * marks);
}

} // namespace Ebb
