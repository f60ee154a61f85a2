#pragma once

#include <QByteArray>

namespace Ebb {

// Appends text as a cell of COPY's text format: backslash escapes for the bytes that would
// end a cell or a row (backslash, newline, carriage return, tab). "\N" is NULL's cell.
void appendCopyText(QByteArray& out, const char* data, qsizetype size);

} // namespace Ebb
