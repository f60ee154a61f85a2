#include "Destination.h"

namespace Ebb {

Result<void> checkMatchField(const DestinationSchema& schema, const QString& matchField, const QString& mode)
{
    const FieldSchema* match = schema.field(matchField);
    if (!match)
        return Error::config(QStringLiteral("$.destination.matchField: table %1 has no column \"%2\" to match records on").arg(schema.object, matchField));
    if (!match->identifier && mode != QLatin1String("insert"))
        return Error::config(QStringLiteral("$.destination.matchField: table %1: column \"%2\" is neither the primary key nor UNIQUE, so records "
                                            "cannot be matched on it; add a unique index")
                                 .arg(schema.object, matchField));
    return {};
}

} // namespace Ebb
