#include "PostgresStream.h"

#include <libpq-fe.h>

namespace Ebb {

PostgresStream::PostgresStream(
    PgConnection connection, QList<Column> columns, std::vector<unsigned> oids, QString connectionId)
    : m_connection(std::move(connection))
    , m_columns(std::move(columns))
    , m_connectionId(std::move(connectionId))
    , m_decoder(std::move(oids), [this] {
        QStringList names;
        for (const auto& column : m_columns)
            names << column.name;
        return names;
    }())
{
}

PostgresStream::~PostgresStream()
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

Error PostgresStream::fail(const QString& message)
{
    m_atEnd = true;
    return Error::database(QStringLiteral("connection \"%1\": %2").arg(m_connectionId, message));
}

Result<RowBatch> PostgresStream::next(int maxRows)
{
    RowBatch batch(m_columns);
    if (m_atEnd)
        return batch;
    batch.reserveRows(maxRows);
    int rows = 0;
    while (rows < maxRows && !m_decoder.trailerRead()) {
        char* buffer = nullptr;
        const int length = PQgetCopyData(m_connection.get(), &buffer, 0);
        if (length == -1) {
            m_copyDone = true; // finish() reads the final status
            break;
        }
        if (length < 0)
            return fail(m_connection.errorMessage());

        auto decoded = m_decoder.feed(buffer, length, batch);
        PQfreemem(buffer);
        if (!decoded)
            return fail(decoded.error().message);
        rows += *decoded;
    }
    if (rows < maxRows || m_decoder.trailerRead()) {
        if (auto finished = finish(); !finished)
            return finished.error();
    }
    return batch;
}

Result<void> PostgresStream::finish()
{
    // Drain the stream to its end, then read the command status: an error raised mid-query
    // (division by zero on row 90,000) arrives here.
    while (!m_copyDone) {
        char* buffer = nullptr;
        const int length = PQgetCopyData(m_connection.get(), &buffer, 0);
        if (length > 0) {
            PQfreemem(buffer);
            m_decoder.markDataAfterTrailer(); // bytes after the trailer are a protocol error
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
    while (PgResultPtr(PQgetResult(m_connection.get()))) { }
    if (m_decoder.hasPartial() || !m_decoder.trailerRead())
        return fail(QStringLiteral("the COPY stream ended in the middle of a row"));
    return {};
}

} // namespace Ebb
