// libFuzzer target for the binary COPY decoder: whatever a server (or anyone on the path)
// sends, CopyDecoder::feed returns rows or an error; it never reads out of bounds, and the
// rows it returns have one cell per column. The first byte picks the column types, the
// second how the rest is cut into chunks (libpq hands over one message at a time).
#include "connectors/warehouse/postgres/CopyDecoder.h"
#include "connectors/warehouse/postgres/PgTypes.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Ebb;
    if (size < 2)
        return 0;
    static const unsigned types[] = {PgTypes::Int4, PgTypes::Text, PgTypes::Int8, PgTypes::Numeric, PgTypes::Float4,
        PgTypes::Timestamp, PgTypes::TimestampTz, PgTypes::Date, PgTypes::Bool, PgTypes::Bytea, PgTypes::Uuid,
        PgTypes::Jsonb, PgTypes::Int2, PgTypes::Float8, PgTypes::OidType, PgTypes::Varchar};
    const int columns = 1 + (data[0] & 3);
    std::vector<unsigned> oids;
    QList<Column> described;
    for (int c = 0; c < columns; ++c) {
        oids.push_back(types[(data[0] >> (2 + c)) % 16]);
        described.append(Column{QStringLiteral("c%1").arg(c), ValueType::Text, {}});
    }
    const size_t chunk = 1 + data[1] % 64;
    CopyDecoder decoder(oids, {});
    RowBatch batch(described);
    int rows = 0;
    for (size_t at = 2; at < size; at += chunk) {
        auto decoded
            = decoder.feed(reinterpret_cast<const char*>(data) + at, qsizetype(std::min(chunk, size - at)), batch);
        if (!decoded)
            return 0;
        rows += *decoded;
    }
    if (batch.rowCount() != rows) {
        std::fprintf(stderr, "fuzz_copy: %d rows reported, %d in the batch\n", rows, batch.rowCount());
        std::abort();
    }
    return 0;
}
