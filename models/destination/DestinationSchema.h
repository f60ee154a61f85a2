#pragma once

#include "models/SyncMode.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Ebb {

// One field of a destination object, as its describe endpoint (or information_schema)
// reports it, with the documented rules pre-send validation checks.
struct FieldSchema
{
    enum class Type { String, Number, Integer, Bool, Date, DateTime, Email, Enum, MultiEnum, Json };

    QString name;
    QString label;
    Type type = Type::String;
    bool required = false;
    bool readOnly = false;
    bool identifier = false; // unique; can be the match field
    int maxLength = 0; // 0: no limit
    QStringList options; // Enum / MultiEnum values
    std::optional<double> minimum; // Number / Integer range
    std::optional<double> maximum;
    int precision = 0; // numeric(precision, scale): at most precision - scale digits before the point; 0: any
    int scale = 0;
    QString pattern; // a regular expression the text must match (Zendesk's regexp fields); empty: any
    bool dateAtMidnightUtc = false; // the destination writes a date as a timestamp at 00:00:00 UTC (HubSpot);
                                    // validation treats every Date field alike: no time of day

    static QString typeName(Type type);
    // A range's end as a person writes it: 2147483647, not 2.14748e+09.
    static QString boundText(double value);
    // Text, an email or options: an empty text is a value there; elsewhere it is no value.
    bool isTextLike() const
    {
        return type == Type::String || type == Type::Email || type == Type::Enum || type == Type::MultiEnum;
    }
    // The value rules in words ("one of free, pro; 0 to 100"), for a person choosing a mapping;
    // with `withLength`, the maximum length too.
    QString rules(bool withLength = true) const;
};

struct RateLimit
{
    int requests = 0; // 0: unlimited
    double perSeconds = 1.0;
    // Requests that may go at once. 0: all `requests` (a window that resets: all of it may
    // go at its start). A rolling window (HubSpot's) counts every span of `perSeconds`, so a
    // full burst followed by the steady rate would overfill it: there the burst is small and
    // the rate leaves room for it, (requests - burst) per window.
    int burst = 0;
};

// What a destination object accepts and how it likes to be spoken to.
struct DestinationSchema
{
    QString object;
    QList<FieldSchema> fields;
    QList<SyncMode> modes = allSyncModes();
    int maxBatchSize = 1000;
    RateLimit rateLimit;
    bool partialUpdates = true; // an update may carry only the fields that changed
    // An upsert uses which fields changed (a CRM sends only those); a table writes the whole
    // row, so working out the changed fields of its upserts would be wasted.
    bool partialUpserts = true;
    bool acceptsAnyField = false; // schemaless (a file): no unknown_field rejects
    bool emptyTextIsNull = false; // the destination takes "" as "no value" (HubSpot: it clears the property)

    const FieldSchema* field(const QString& name) const;
};

} // namespace Ebb
