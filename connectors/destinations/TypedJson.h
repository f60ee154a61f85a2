#pragma once

#include "models/destination/DestinationSchema.h"

#include <QByteArray>
#include <QVariant>

namespace Ebb {

// A mapped value as JSON of its destination field's type, for the APIs that take typed JSON
// (Salesforce, Zendesk): true/false, numbers written exactly (a decimal's digits, never a
// double's rounding of them), dates "YYYY-MM-DD", timestamps ISO 8601 UTC with milliseconds,
// NULL as null (it clears the field); several options joined by ";" or as an array.
class TypedJson
{
public:
    enum class Multi { Joined, Array };

    static QByteArray value(const QVariant& value, const FieldSchema* field, Multi multi);
    // The same value as text in that form (a CSV cell: true, 12.50, 2024-03-01, a;b); "" for NULL.
    static QString text(const QVariant& value, const FieldSchema* field);
};

} // namespace Ebb
