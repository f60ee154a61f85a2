#pragma once

#include "models/ValueType.h"

#include <QString>
#include <QVariant>
#include <cstdint>

namespace Ebb::PgTypes {

// Built-in type OIDs (pg_type.dat); stable across server versions.
enum Oid : unsigned {
    Bool = 16,
    Bytea = 17,
    Name = 19,
    Int8 = 20,
    Int2 = 21,
    Int4 = 23,
    Text = 25,
    OidType = 26,
    Json = 114,
    Float4 = 700,
    Float8 = 701,
    Bpchar = 1042,
    Varchar = 1043,
    Date = 1082,
    Timestamp = 1114,
    TimestampTz = 1184,
    Numeric = 1700,
    Uuid = 2950,
    Jsonb = 3802,
};

// Whether a column of this type is read in COPY's binary form; any other type is
// cast to text on the server.
bool hasBinaryDecoder(unsigned oid);
ValueType valueType(unsigned oid);
// "numeric(12,2)", "character varying(80)", "timestamp with time zone", or the OID.
QString nativeName(unsigned oid, int typmod);

// Decodes one binary field (network byte order) of a type hasBinaryDecoder() accepts.
// Returns an invalid QVariant and sets `error` when the bytes do not fit the type.
QVariant decodeBinary(unsigned oid, const char* data, int length, QString& error);

// Numeric's binary form (base-10000 digits, weight, sign, display scale) as exact decimal text.
QString numericToString(const char* data, int length, bool& ok);

} // namespace Ebb::PgTypes
