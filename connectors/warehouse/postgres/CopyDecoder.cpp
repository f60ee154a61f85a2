#include "CopyDecoder.h"

#include "PgTypes.h"

#include <QtEndian>
#include <cstring>

namespace Ebb {

namespace {

constexpr char copySignature[] = "PGCOPY\n\377\r\n";
constexpr qsizetype signatureSize = 11;
constexpr qsizetype headerSize = signatureSize + 4 + 4;

// Big-endian, signed, widened: lengths are checked in 64 bits.
qint64 be32(const char* p)
{
    return qFromBigEndian<qint32>(p);
}

int be16(const char* p)
{
    return qFromBigEndian<qint16>(p);
}

} // namespace

Result<int> CopyDecoder::feed(const char* data, qsizetype size, RowBatch& batch)
{
    int rows = 0;
    if (m_carry.isEmpty()) {
        auto consumed = parse(data, size, batch, rows);
        if (!consumed)
            return consumed.error();
        if (*consumed < size)
            m_carry = QByteArray(data + *consumed, size - *consumed);
        return rows;
    }
    if (m_carry.size() + size > maxCarry)
        return Error::database(
            QStringLiteral("the server's COPY stream holds a row of more than %1 bytes").arg(maxCarry));
    m_carry.append(data, size);
    auto consumed = parse(m_carry.constData(), m_carry.size(), batch, rows);
    if (!consumed)
        return consumed.error();
    m_carry.remove(0, *consumed);
    return rows;
}

Result<qsizetype> CopyDecoder::parse(const char* data, qsizetype size, RowBatch& batch, int& rows)
{
    const auto protocolError
        = [](const QString& what) { return Error::database(QStringLiteral("COPY protocol error: ") + what); };
    qsizetype pos = 0;
    if (m_trailerRead)
        return size > 0 ? Result<qsizetype>(protocolError(QStringLiteral("data after the end of the stream")))
                        : qsizetype(0);
    if (!m_headerRead) {
        if (size < headerSize)
            return qsizetype(0);
        if (std::memcmp(data, copySignature, signatureSize) != 0)
            return protocolError(QStringLiteral("the stream does not start with the binary signature"));
        const qint64 extension = be32(data + signatureSize + 4);
        if (extension < 0 || extension > maxFieldLength)
            return protocolError(QStringLiteral("a header extension of %1 bytes").arg(extension));
        if (size < headerSize + extension)
            return qsizetype(0);
        pos = headerSize + extension;
        m_headerRead = true;
    }
    const int columnCount = int(m_oids.size());
    while (pos + 2 <= size) {
        const int fields = be16(data + pos);
        if (fields == -1) {
            m_trailerRead = true;
            if (pos + 2 < size)
                return protocolError(QStringLiteral("data after the end of the stream"));
            return pos + 2;
        }
        if (fields != columnCount)
            return protocolError(QStringLiteral("a row of %1 fields, expected %2").arg(fields).arg(columnCount));
        // First check that the whole tuple is here and every length is sane, then decode it.
        qsizetype p = pos + 2;
        for (int c = 0; c < columnCount; ++c) {
            if (p + 4 > size)
                return pos;
            const qint64 length = be32(data + p);
            if (length < -1 || length > maxFieldLength)
                return protocolError(QStringLiteral("a field length of %1 bytes").arg(length));
            p += 4 + (length > 0 ? length : 0);
            if (p > size)
                return pos;
        }
        p = pos + 2;
        for (int c = 0; c < columnCount; ++c) {
            const qint64 length = be32(data + p);
            p += 4;
            if (length < 0) {
                batch.append(QVariant());
                continue;
            }
            // Appended straight away (no QVariant temporary per cell); after an error the
            // batch is dropped anyway.
            QString error;
            batch.append(PgTypes::decodeBinary(m_oids[size_t(c)], data + p, int(length), error));
            if (!error.isEmpty())
                return Error::database(QStringLiteral("column \"%1\": cannot decode %2")
                                           .arg(c < m_names.size() ? m_names[c] : QString::number(c + 1), error));
            p += length;
        }
        pos = p;
        ++rows;
    }
    return pos;
}

} // namespace Ebb
