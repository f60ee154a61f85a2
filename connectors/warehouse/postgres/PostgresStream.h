#pragma once

#include "CopyDecoder.h"
#include "PgConnection.h"
#include "connectors/warehouse/RowStream.h"

#include <vector>

namespace Ebb {

// Reads `COPY (query) TO STDOUT (FORMAT binary)` from a connection of its own. Binary COPY
// streams at the server's speed with flat memory: libpq hands over one row per message
// and nothing accumulates.
class PostgresStream : public RowStream
{
public:
    PostgresStream(PgConnection connection, QList<Column> columns, std::vector<unsigned> oids, QString connectionId);
    ~PostgresStream() override;

    const QList<Column>& columns() const override { return m_columns; }
    Result<RowBatch> next(int maxRows) override;
    bool atEnd() const override { return m_atEnd; }

private:
    Error fail(const QString& message);
    Result<void> finish();

    PgConnection m_connection;
    QList<Column> m_columns;
    QString m_connectionId;
    CopyDecoder m_decoder;
    bool m_copyDone = false;
    bool m_atEnd = false;
};

} // namespace Ebb
