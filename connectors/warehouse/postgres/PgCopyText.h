#pragma once

#include "PgConnection.h"

#include <QByteArray>

namespace Ebb {

// Appends text as a cell of COPY's text format: backslash escapes for the bytes that would
// end a cell or a row (backslash, newline, carriage return, tab). "\N" is NULL's cell.
void appendCopyText(QByteArray& out, const char* data, qsizetype size);

// Ends a COPY … FROM STDIN (`sent`: every row went; else the server is told to drop them) and
// reads its results: the first that failed, or null when it went. A connection that failed
// on the way has a failed result too.
PgResultPtr endCopyIn(pg_conn* connection, bool sent);

} // namespace Ebb
