#pragma once

#include "models/Result.h"
#include "models/destination/DestinationSchema.h"

#include <QByteArray>
#include <QList>

namespace Ebb {

// Zendesk users' fields (docs/API-CONTRACTS.md): the built-in attributes (name, email,
// external_id, phone, role, notes, details, organization_id, time_zone, locale, verified)
// plus the account's user_fields (GET /api/v2/user_fields.json, every page): text and
// textarea, checkbox, date, integer, decimal, dropdown (its option values), multiselect,
// regexp and lookup. A custom field is written under "user_fields" by its key.
class ZendeskSchema
{
public:
    static constexpr int maxBatchSize = 100; // create_or_update_many

    static DestinationSchema builtIn();
    // Adds the user_fields of one page of the answer; returns the next page's URL, or "".
    static Result<QString> addUserFields(DestinationSchema& schema, const QByteArray& page);
    static bool isBuiltIn(const QString& field);
};

} // namespace Ebb
