#pragma once

#include <QString>

namespace Ebb {

// The one place text is cleaned before it leaves the engine: into the journal, a log, the
// terminal, --json or the window. Servers echo what they were sent (a connection string in
// an error, a token in a 401 body), so redaction cannot be left to the log sinks alone.
class Redactor
{
public:
    // Masks every secret this process resolved (also percent- and JSON-encoded), URL user
    // info (postgres://u:pw@h), Authorization values, bearer/basic credentials and
    // password/pwd/secret/token/api-key/aws_secret_access_key values, quoted or not.
    static QString redact(QString text);
    // Control characters and terminal escapes as visible text (\n, \x1b, \u202e…), so data
    // from a warehouse or a workspace file can neither forge a log line nor drive a terminal.
    // With keepLineBreaks, \n and \t stay as they are (multi-line terminal output).
    static QString escapeControls(const QString& text, bool keepLineBreaks = false);
    // Both, for one line of a log or a terminal table.
    static QString forDisplay(QString text) { return escapeControls(redact(std::move(text))); }
};

} // namespace Ebb
