#pragma once

#include "models/destination/DestinationSchema.h"
#include "models/mapping/Payload.h"
#include "models/mapping/Reject.h"

#include <QList>

namespace Ebb {

// Checks a payload against the destination's schema and documented rules before anything
// is sent: type, required, read-only, length, picklist options, email shape, date shape.
// Key problems (NULL, duplicates) need the whole result and are the engine's to find.
class PayloadValidator
{
public:
    // `mode` matters for "required": an update may leave required fields out.
    PayloadValidator(DestinationSchema schema, QStringList targets, SyncMode mode);

    // Every problem of the payload (empty when it passes). Each Reject has field, rule,
    // message and value; the caller fills key and payload.
    QList<Reject> check(const Payload& payload) const;

    static bool isEmail(const QString& text);

private:
    std::optional<Reject> checkField(const FieldSchema& field, const QVariant& value) const;

    DestinationSchema m_schema;
    QStringList m_targets;
    QList<const FieldSchema*> m_fieldOf; // per target; nullptr when the object has no such field
    QList<const FieldSchema*> m_unmappedRequired;
    bool m_updating = false; // update mode: an identifier only finds the record, it is not written
};

} // namespace Ebb
