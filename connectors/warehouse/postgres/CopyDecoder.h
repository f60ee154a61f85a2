#pragma once

#include "models/Result.h"
#include "models/RowBatch.h"

#include <QByteArray>
#include <QStringList>
#include <vector>

namespace Ebb {

// Decodes PostgreSQL's binary COPY format (header, tuples, trailer) fed in chunks of any
// size, as libpq hands them over. It trusts nothing the server sends: lengths are checked
// with 64-bit arithmetic, a field length below -1 or past 1 GiB (PostgreSQL's own limit) is
// a protocol error, and a tuple split across chunks is carried in a buffer of capped size.
class CopyDecoder
{
public:
    static constexpr qsizetype maxFieldLength = qsizetype(1) << 30;
    static constexpr qsizetype maxCarry = maxFieldLength + (qsizetype(1) << 20);

    // `names` name the columns in decoding errors.
    CopyDecoder(std::vector<unsigned> oids, QStringList names)
        : m_oids(std::move(oids))
        , m_names(std::move(names))
    {
    }

    // Decodes every complete tuple of what was fed so far into `batch` (columnCount cells a
    // row); a partial tuple waits for the next chunk. Returns the rows appended, or the
    // protocol or decoding error (the batch is then to be dropped).
    Result<int> feed(const char* data, qsizetype size, RowBatch& batch);

    bool trailerRead() const { return m_trailerRead; }
    // Bytes of an unfinished header or tuple: at the end of the stream, a truncated row.
    bool hasPartial() const { return !m_carry.isEmpty(); }
    // Bytes after the trailer are a protocol error; the cursor reports them through this.
    void markDataAfterTrailer() { m_trailerRead = false; }

private:
    // Parses [data, data+size); returns the bytes consumed (a partial tuple is left).
    Result<qsizetype> parse(const char* data, qsizetype size, RowBatch& batch, int& rows);

    std::vector<unsigned> m_oids;
    QStringList m_names;
    QByteArray m_carry;
    bool m_headerRead = false;
    bool m_trailerRead = false;
};

} // namespace Ebb
