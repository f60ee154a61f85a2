#pragma once

#include "TransformSuggestion.h"
#include "models/RowBatch.h"
#include "models/SyncSpec.h"
#include "models/destination/DestinationSchema.h"
#include "models/mapping/RejectRule.h"

#include <QVariant>

namespace Ebb {

// What one mapping makes of the first sample row, and whether the destination would take it:
// mapped by the engine's own Mapper and checked by its PayloadValidator, so the editor shows
// the reject the run would report, in the run's words.
struct LiveSample
{
    enum class State {
        Ok, // mapped, and the value passes the field's rules
        Rejected, // a transform failed or a rule refuses the value (rule + message)
        TypeMismatch, // the value's kind is not the field's; a transform would fix it (suggestion)
        RequiredUnmapped, // a required field no mapping writes
        Invalid, // the mapping itself is wrong: no such column, a template error
        Unchecked, // nothing to check against yet: no sample row or no destination schema
    };

    State state = State::Unchecked;
    QVariant before; // the source value (the column's cell) when the mapping reads one column
    QVariant value; // after the transforms
    std::optional<RejectRule> rule; // the rule a reject would break (email, option, transform, …)
    QString message; // for a person, as the run's reject would say it
    std::optional<TransformSuggestion> suggestion;
    int breakingTransform = -1; // the transform that makes the value the wrong type: the fix removes it

    // How the value goes out: JSON ("søren", 41, null), as the payload would carry it.
    static QString valueJson(const QVariant& value);
    // A word for each state, also the suffix of its icon name ("mapping-ok", "mapping-rejected").
    static QString stateName(State state);
    // The rule's name, or "config" for an Invalid mapping; "" when no rule is broken.
    QString ruleName() const;

    // Evaluates `mapping` of `sync` (whose mode decides "required") on row `row` of `sample`.
    static LiveSample evaluate(const SyncSpec& sync, const FieldMapping& mapping, const RowBatch& sample,
        const DestinationSchema& schema, int row = 0);
};

} // namespace Ebb
