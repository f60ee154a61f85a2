#include "PgCopyText.h"

#include <libpq-fe.h>

namespace Ebb {

void appendCopyText(QByteArray& out, const char* data, qsizetype size)
{
    const char* end = data + size;
    for (const char* c = data; c != end; ++c) {
        if (*c != '\\' && *c != '\n' && *c != '\r' && *c != '\t')
            continue;
        out.append(data, c - data); // the run before it, as it is
        out += *c == '\\' ? "\\\\" : *c == '\n' ? "\\n" : *c == '\r' ? "\\r" : "\\t";
        data = c + 1;
    }
    out.append(data, end - data);
}

PgResultPtr endCopyIn(pg_conn* connection, bool sent)
{
    PQputCopyEnd(connection, sent ? nullptr : "the connection failed");
    PgResultPtr failed;
    while (PgResultPtr result{PQgetResult(connection)}) {
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && !failed)
            failed = std::move(result);
    }
    return failed;
}

} // namespace Ebb
