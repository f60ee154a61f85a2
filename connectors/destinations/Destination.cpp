#include "Destination.h"

#include <algorithm>

namespace Ebb {

Result<void> checkMatchField(
    const DestinationSchema& schema, const QString& matchField, SyncMode mode, const QStringList* targets)
{
    if (schema.acceptsAnyField)
        return {};
    const bool inserting = mode == SyncMode::Insert;
    if (matchField.isEmpty()) {
        if (inserting)
            return {};
        return Error::config(
            QStringLiteral("$.destination.matchField: name the column of %1 that records are matched on "
                           "(one with a unique index)")
                .arg(schema.object));
    }
    const FieldSchema* match = schema.field(matchField);
    if (!match)
        return Error::config(
            QStringLiteral("$.destination.matchField: table %1 has no column \"%2\" to match records on")
                .arg(schema.object, matchField));
    if (!match->identifier && mode != SyncMode::Insert)
        return Error::config(QStringLiteral(
            "$.destination.matchField: table %1: column \"%2\" is neither the primary key nor UNIQUE, so records "
            "cannot be matched on it; add a unique index")
                                 .arg(schema.object, matchField));
    if (match->readOnly && !inserting && mode != SyncMode::Update)
        return Error::config(
            QStringLiteral("$.destination.matchField: the database generates \"%1\", so %2 cannot write it; "
                           "use update mode, or match on another unique column")
                .arg(matchField, syncModeName(mode)));
    if (targets && !inserting && !targets->contains(matchField))
        return Error::config(QStringLiteral("$.destination.matchField: no mapping writes \"%1\"; map the column that "
                                            "identifies a record onto it")
                                 .arg(matchField));
    // An update finds the record by the match field and writes the other mapped fields; with
    // none there is nothing to write (and "UPDATE … SET  WHERE" is no statement).
    if (targets && mode == SyncMode::Update
        && std::none_of(targets->begin(), targets->end(), [&](const QString& t) { return t != matchField; }))
        return Error::config(
            QStringLiteral("$.mappings: update mode writes the mapped fields other than the match field \"%1\", "
                           "and there is none; map a field to update")
                .arg(matchField));
    return {};
}

const char* OutgoingRecord::operationName(Operation operation)
{
    switch (operation) {
    case Operation::Upsert:
        return "upsert";
    case Operation::Insert:
        return "insert";
    case Operation::Update:
        return "update";
    case Operation::Delete:
        return "delete";
    }
    return "upsert";
}

} // namespace Ebb
