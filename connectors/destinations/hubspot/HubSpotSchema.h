#pragma once

#include "models/Result.h"
#include "models/destination/DestinationSchema.h"

#include <QByteArray>

namespace Ebb {

// A HubSpot object's fields from GET /crm/v3/properties/{objectType} (docs/API-CONTRACTS.md):
// bool, date (written as midnight UTC), datetime, enumeration (checkbox fields take several
// options joined by ";"), number, phone_number and string (at most 65,536 characters). A
// property HubSpot computes or marks readOnlyValue is read-only; one with hasUniqueValue (and
// a contact's email, and hs_object_id) can match records. Writes go 100 inputs a batch.
class HubSpotSchema
{
public:
    static constexpr int maxBatchSize = 100;
    static constexpr int maxStringLength = 65536;

    static Result<DestinationSchema> parse(const QString& object, const QByteArray& json);
};

} // namespace Ebb
