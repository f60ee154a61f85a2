#pragma once

#include "models/Result.h"
#include "models/destination/DestinationSchema.h"

#include <QByteArray>

namespace Ebb {

// An sObject's fields from GET …/sobjects/{name}/describe (docs/API-CONTRACTS.md): string,
// textarea, phone, url, id and reference are text of at most `length` characters; picklist
// and multipicklist take their active values (only a restricted picklist refuses others);
// boolean, int, double/currency/percent, date, datetime and email are typed. A field neither
// createable nor updateable (or calculated) is read-only; one not nillable and not defaulted
// on create is required; an external id, idLookup or unique field (and Id) can match records.
class SalesforceSchema
{
public:
    static constexpr int maxBatchSize = 200; // composite sObject collections

    static Result<DestinationSchema> parse(const QString& object, const QByteArray& json);
};

} // namespace Ebb
