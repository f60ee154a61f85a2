#pragma once

#include "models/destination/DestinationSchema.h"

#include <QString>
#include <QVariant>

namespace Ebb {

// A mapped value as HubSpot takes a property (docs/API-CONTRACTS.md): always a string.
// bool "true"/"false"; number plain digits with one decimal point (no exponent); a date
// "YYYY-MM-DD" (HubSpot's midnight UTC); a datetime ISO 8601 UTC with milliseconds; several
// options joined by ";"; NULL "" (which clears the property).
class HubSpotValue
{
public:
    static QString text(const QVariant& value, const FieldSchema* field);
};

} // namespace Ebb
