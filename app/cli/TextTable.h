#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Ebb {

// A plain-text table for terminals: columns sized to their content, capped in width, and
// narrowed to fit the terminal when it is known.
class TextTable
{
public:
    explicit TextTable(QStringList header, int maxColumnWidth = 32);
    void addRow(QStringList cells);
    // The last column is never cut (a sentence, at the end of the line, may run long): when
    // the table is wider than the line, it goes under its row, indented and wrapped.
    void setLastColumnWhole(bool whole) { m_lastWhole = whole; }
    // The longest a line may be (0: no limit; terminalWidth() until set). The widest columns are
    // cut first, none below 12 characters or its heading; if they still cannot fit, droppable
    // columns are left out, and failing that the rows are shown one after another, a line per
    // column.
    void setLineWidth(int columns) { m_lineWidth = columns; }
    // A column never cut to fit (a key one copies into another command).
    void setUncut(int column) { m_uncut << column; }
    // A column left out when the table cannot fit otherwise (what another column also says).
    void setDroppable(int column) { m_droppable << column; }
    QString render() const;

    // The terminal's width for tables printed on standard output: $COLUMNS when set, else the
    // terminal's own when standard output is one, else 0 (piped to a file or program: whole lines).
    static int terminalWidth();
    // A sentence for the terminal: wrapped at its width (terminalWidth()) between the parts
    // `separator` divides it into, each line indented, ending in a newline.
    static QString wrappedText(const QString& text, int indent = 0, const QString& separator = QStringLiteral(" "));

private:
    QList<int> naturalWidths() const;
    bool fit(QList<int>& widths, int lineWidth, qsizetype skip) const;
    QString renderExpanded() const;
    TextTable without(const QList<int>& columns) const;
    QString clip(const QString& text, qsizetype column, int width) const;

    QStringList m_header;
    QList<QStringList> m_rows;
    int m_maxWidth;
    bool m_lastWhole = false;
    int m_lineWidth = terminalWidth();
    QList<int> m_uncut;
    QList<int> m_droppable;
};

} // namespace Ebb
