#pragma once

#include "Destination.h"
#include "models/validation/PayloadValidator.h"

#include <optional>

namespace Ebb {

// The rules a table destination reports in its schema (declared types, lengths, NOT NULL,
// CHECKs), held to each record it writes — with the same PayloadValidator the preview uses —
// so what the preview calls a reject is exactly what the table refuses. A database takes more
// than it declares (SQLite stores text in an INTEGER column and any length in a VARCHAR(10);
// PostgreSQL casts 'yes' to true, cuts a timestamp to its date and trailing spaces to the
// length): the table keeps what it declares, and the preview stays exact.
class TableRules
{
public:
    // The schema the destination described, and its mode; records carry the fields to check.
    void setSchema(DestinationSchema schema, SyncMode mode);
    // The engine checked the records against the same rules already: nothing to do twice.
    void setRecordsChecked(bool checked) { m_checked = checked; }
    // What of the rules the record breaks, as one message; "" when none (or no schema).
    QString broken(const OutgoingRecord& record);
    // The field of that name in the schema; nullptr when none (or no schema).
    const FieldSchema* field(const QString& name) const { return m_schema ? m_schema->field(name) : nullptr; }

private:
    std::optional<DestinationSchema> m_schema;
    SyncMode m_mode = SyncMode::Upsert;
    bool m_checked = false;
    std::optional<PayloadValidator> m_validator; // made for the first record's fields
};

} // namespace Ebb
