#include "PostgresCursor.h"

#include "PgTypes.h"

#include <libpq-fe.h>

#include <cstring>

namespace Ebb {

namespace {

constexpr char copySignature[] = "PGCOPY\n\377\r\n";
constexpr qsizetype signatureSize = 11;
constexpr qsizetype headerSize = signatureSize + 4 + 4;

int32_t be32(const char* p)
{
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return int32_t((uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | uint32_t(u[3]));
}

int16_t be16(const char* p)
{
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return int16_t((u[0] << 8) | u[1]);
}

} // namespace

PostgresCursor::PostgresCursor(PgConnection connection, QList<Column> columns, std::vector<unsigned> oids,
                               QString connectionId)
    : m_connection(std::move(connection)), m_columns(std::move(columns)), m_oids(std::move(oids)),
      m_connectionId(std::move(connectionId))
{
}

PostgresCursor::~PostgresCursor()
{
    if (!m_atEnd) {
        // Stop the server sending the rest instead of reading it all just to discard it.
        if (PGcancel* cancel = PQgetCancel(m_connection.get())) {
            char buffer[256];
            PQcancel(cancel, buffer, sizeof buffer);
            PQfreeCancel(cancel);
        }
    }
}

Error PostgresCursor::fail(const QString& message)
{
    m_atEnd = true;
    return Error::database(QStringLiteral("connection \"%1\": %2").arg(m_connectionId, message));
}

Result<qsizetype> PostgresCursor::parse(const char* data, qsizetype size, RowBatch& batch, int& rows)
{
    qsizetype pos = 0;
    if (!m_headerRead) {
        if (size < headerSize)
            return qsizetype(0);
        if (std::memcmp(data, copySignature, signatureSize) != 0)
            return fail(QStringLiteral("the server's COPY stream does not start with the binary signature"));
        const int32_t extension = be32(data + signatureSize + 4);
        if (extension < 0 || size < headerSize + extension)
            return qsizetype(0);
        pos = headerSize + extension;
        m_headerRead = true;
    }
    const int columnCount = int(m_columns.size());
    while (pos + 2 <= size) {
        const int16_t fields = be16(data + pos);
        if (fields == -1) {
            m_trailerRead = true;
            return pos + 2;
        }
        if (fields != columnCount)
            return fail(QStringLiteral("COPY row has %1 fields, expected %2").arg(fields).arg(columnCount));
        // First check the whole tuple is here, then decode it.
        qsizetype p = pos + 2;
        for (int c = 0; c < columnCount; ++c) {
            if (p + 4 > size)
                return pos;
            const int32_t length = be32(data + p);
            p += 4 + (length > 0 ? length : 0);
            if (p > size)
                return pos;
        }
        p = pos + 2;
        for (int c = 0; c < columnCount; ++c) {
            const int32_t length = be32(data + p);
            p += 4;
            if (length < 0) {
                batch.append(QVariant());
                continue;
            }
            // Appended straight away (no QVariant temporary per cell); after an error the
            // batch is dropped anyway.
            QString error;
            batch.append(PgTypes::decodeBinary(m_oids[size_t(c)], data + p, length, error));
            if (!error.isEmpty())
                return fail(QStringLiteral("column \"%1\": cannot decode %2").arg(m_columns[c].name, error));
            p += length;
        }
        pos = p;
        ++rows;
    }
    return pos;
}

Result<RowBatch> PostgresCursor::next(int maxRows)
{
    RowBatch batch(m_columns);
    if (m_atEnd)
        return batch;
    batch.reserveRows(maxRows);
    int rows = 0;
    while (rows < maxRows && !m_trailerRead) {
        char* buffer = nullptr;
        const int length = PQgetCopyData(m_connection.get(), &buffer, 0);
        if (length == -1) {
            m_copyDone = true; // finish() reads the final status
            break;
        }
        if (length < 0)
            return fail(m_connection.errorMessage());

        Result<qsizetype> consumed = qsizetype(0);
        if (m_carry.isEmpty()) {
            consumed = parse(buffer, length, batch, rows);
            if (consumed && *consumed < length)
                m_carry = QByteArray(buffer + *consumed, length - *consumed);
        } else {
            m_carry.append(buffer, length);
            consumed = parse(m_carry.constData(), m_carry.size(), batch, rows);
            if (consumed)
                m_carry.remove(0, *consumed);
        }
        PQfreemem(buffer);
        if (!consumed)
            return consumed.error();
    }
    if (rows < maxRows || m_trailerRead) {
        if (auto finished = finish(); !finished)
            return finished.error();
    }
    return batch;
}

Result<void> PostgresCursor::finish()
{
    // Drain the stream to its end, then read the command status: an error raised mid-query
    // (division by zero on row 90,000) arrives here.
    while (!m_copyDone) {
        char* buffer = nullptr;
        const int length = PQgetCopyData(m_connection.get(), &buffer, 0);
        if (length > 0) {
            PQfreemem(buffer);
            m_trailerRead = false; // bytes after the trailer are a protocol error
        } else if (length == -1) {
            m_copyDone = true;
        } else {
            return fail(m_connection.errorMessage());
        }
    }
    m_atEnd = true;
    PgResultPtr result(PQgetResult(m_connection.get()));
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        const PgServerError server = serverError(result.get(), m_connection.get());
        Error error = fail(server.message);
        error.detail = server.detail;
        return error;
    }
    while (PgResultPtr(PQgetResult(m_connection.get()))) {
    }
    if (!m_carry.isEmpty() || !m_trailerRead)
        return fail(QStringLiteral("the COPY stream ended in the middle of a row"));
    return {};
}

} // namespace Ebb
