#pragma once

#include "QsciIncludes.h"

namespace Ebb {

// The sync's query: QScintilla with its SQL lexer, line numbers, completion of the query's
// column names and the workspace's table names, and a squiggle under the position a
// database error names.
class SqlEditor : public QsciScintilla
{
    Q_OBJECT

public:
    explicit SqlEditor(QWidget* parent = nullptr);

    // Words offered as completion (table and column names); replaces the previous list.
    void setCompletions(const QStringList& words);
    // Marks the error at a 1-based character position of the text (0: none), with its message
    // as the tooltip of the line's margin; clearError() removes it.
    void markError(int position, const QString& message);
    void clearError();

private:
    QsciLexerSQL* m_lexer;
    QsciAPIs* m_apis;
    int m_errorIndicator = 0;
};

} // namespace Ebb
