#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <optional>
#include <utility>

namespace Ebb {

// Why a row is refused: the rule it breaks. The run's problems keep the name as text, and
// reports, CSV files and `ebb-cli --json` show the same names (docs/SYNC-FILES.md, "Reject rules").
enum class RejectRule : quint8 {
    Required, // a required field is empty or has no mapping
    ReadOnly, // the destination computes this field itself
    UnknownField, // the object has no field of that name
    Type, // the value is not of the field's type
    MaxLength,
    Range,
    Precision, // more decimals than the field keeps
    Option, // not one of a picklist's options
    Email,
    Pattern,
    DateMidnight, // a date-time field that takes dates only at midnight UTC
    NullKey, // the row's key is NULL
    DuplicateKey, // more than one row has this key (every one of them is refused)
    NullMatch, // the value the destination matches records on is NULL
    Transform, // a transform could not turn the value into what the field needs
    Failed, // not a reject: the destination refused the record (a failure listed with rejects)
};

// "required", "read_only", "unknown_field", "type", "max_length", "range", "precision",
// "option", "email", "pattern", "date_midnight", "null_key", "duplicate_key", "null_match",
// "transform", "failed".
QString rejectRuleName(RejectRule rule);

// Rules by name with how often each was broken, the most first and a tie by name: the order
// every list of rules takes (the Preview's chips, the Run step's summary, ebb-cli run).
QList<std::pair<QString, qint64>> rulesByCount(const QHash<RejectRule, qint64>& counts);
std::optional<RejectRule> rejectRuleFromName(QStringView name);
// A rule about the row's key (NULL, repeated): the query's to fix, never a mapping's.
inline bool isKeyRule(RejectRule rule)
{
    return rule == RejectRule::NullKey || rule == RejectRule::DuplicateKey;
}

// What breaking it means, for a person ("the value is not one of a picklist's options"): the
// words of docs/SYNC-FILES.md's table, for a tooltip beside the name.
QString rejectRuleMeaning(RejectRule rule);

} // namespace Ebb
