#include "TextTable.h"

#include <algorithm>
#include <numeric>
#include <sys/ioctl.h>
#include <unistd.h>

namespace Ebb {

namespace {

constexpr int gap = 2; // spaces between columns
constexpr int indent = 4; // a stacked last column, under its row
constexpr int minimumCut = 12; // a column cut shorter than this no longer says what it holds

// Words (parts between `separator`) onto lines of at most `width` characters; a longer word is cut.
QStringList wrapped(const QString& text, int width, const QString& separator = QStringLiteral(" "))
{
    QStringList lines;
    QString current;
    for (QString word : text.split(separator, Qt::SkipEmptyParts)) {
        while (word.size() > width) {
            if (!current.isEmpty()) {
                lines << current;
                current.clear();
            }
            lines << word.left(width);
            word.remove(0, width);
        }
        if (current.isEmpty())
            current = word;
        else if (current.size() + separator.size() + word.size() <= width)
            current += separator + word;
        else {
            lines << current;
            current = word;
        }
    }
    if (!current.isEmpty() || lines.isEmpty())
        lines << current;
    return lines;
}

// A cell on one line.
QString flat(QString text)
{
    return text.replace(QLatin1Char('\n'), QLatin1Char(' '));
}

// A line without the padding at its end, and its newline.
QString rstripped(QString text)
{
    while (text.endsWith(QLatin1Char(' ')))
        text.chop(1);
    return text + QLatin1Char('\n');
}

} // namespace

TextTable::TextTable(QStringList header, int maxColumnWidth)
    : m_header(std::move(header))
    , m_maxWidth(maxColumnWidth)
{
}

void TextTable::addRow(QStringList cells)
{
    m_rows.append(std::move(cells));
}

int TextTable::terminalWidth()
{
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    if (ok && columns > 0)
        return columns;
    winsize size{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 0;
}

QString TextTable::wrappedText(const QString& text, int indent, const QString& separator)
{
    const int width = terminalWidth();
    const QString margin(indent, QLatin1Char(' '));
    if (width <= indent)
        return margin + text + QLatin1Char('\n');
    QString out;
    for (const QString& line : wrapped(text, width - indent, separator))
        out += margin + line + QLatin1Char('\n');
    return out;
}

QString TextTable::clip(const QString& text, qsizetype column, int width) const
{
    QString cell = flat(text);
    if (m_lastWhole && column == m_header.size() - 1)
        return cell;
    return cell.size() > width ? cell.left(std::max(0, width - 1)) + QChar(0x2026) : cell;
}

QList<int> TextTable::naturalWidths() const
{
    QList<int> widths;
    for (qsizetype c = 0; c < m_header.size(); ++c)
        widths << int(clip(m_header[c], c, m_maxWidth).size());
    for (const auto& row : m_rows) {
        for (int c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], int(clip(row[c], c, m_maxWidth).size()));
    }
    return widths;
}

// Cuts the widest of `widths` (all but `skip`), one character at a time, until the columns
// fit `lineWidth`; none below 12 characters or its heading. False when they cannot fit, with
// nothing cut.
bool TextTable::fit(QList<int>& widths, int lineWidth, qsizetype skip) const
{
    const QList<int> natural = widths;
    const auto total = [&] {
        int sum = 0;
        int columns = 0;
        for (qsizetype c = 0; c < widths.size(); ++c) {
            if (c != skip) {
                sum += widths[c];
                ++columns;
            }
        }
        return sum + gap * std::max(0, columns - 1);
    };
    while (total() > lineWidth) {
        qsizetype widest = -1;
        for (qsizetype c = 0; c < widths.size(); ++c) {
            const int floor = std::max<int>(minimumCut, int(m_header[c].size()));
            if (c != skip && !m_uncut.contains(int(c)) && widths[c] > floor
                && (widest < 0 || widths[c] > widths[widest]))
                widest = c;
        }
        if (widest < 0) {
            widths = natural;
            return false;
        }
        --widths[widest];
    }
    return true;
}

TextTable TextTable::without(const QList<int>& columns) const
{
    const auto kept = [&](const QStringList& cells) {
        QStringList out;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            if (!columns.contains(int(c)))
                out << cells[c];
        }
        return out;
    };
    TextTable table(kept(m_header), m_maxWidth);
    for (const QStringList& row : m_rows)
        table.addRow(kept(row));
    table.setLastColumnWhole(m_lastWhole && !columns.contains(int(m_header.size() - 1)));
    table.setLineWidth(m_lineWidth);
    for (const int column : m_uncut) {
        if (!columns.contains(column))
            table.setUncut(
                column - int(std::count_if(columns.begin(), columns.end(), [&](int d) { return d < column; })));
    }
    return table;
}

// One row after another, a line per column ("LABEL  value"), as psql's expanded display:
// for a table whose columns cannot fit the line side by side.
QString TextTable::renderExpanded() const
{
    int label = 0;
    for (const QString& heading : m_header)
        label = std::max(label, int(heading.size()));
    const int valueWidth = std::max(minimumCut, m_lineWidth - label - gap);
    QString out;
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        const QString title = QStringLiteral("-[ %1 ]").arg(r + 1);
        out += title + QString(std::max<qsizetype>(0, m_lineWidth - title.size()), QLatin1Char('-'))
            + QLatin1Char('\n');
        for (qsizetype c = 0; c < m_header.size(); ++c) {
            const QString value = m_rows[r].value(c);
            const bool whole = m_uncut.contains(int(c)) || (m_lastWhole && c == m_header.size() - 1);
            const QStringList lines
                = whole ? wrapped(flat(value), valueWidth) : QStringList{clip(value, c, valueWidth)};
            for (qsizetype l = 0; l < lines.size(); ++l)
                out += rstripped((l == 0 ? m_header[c] : QString()).leftJustified(label + gap) + lines[l]);
        }
    }
    return out;
}

QString TextTable::render() const
{
    const qsizetype last = m_header.size() - 1;
    QList<int> widths = naturalWidths();
    const int natural = std::accumulate(widths.begin(), widths.end(), 0) + gap * int(last);
    // Too wide for the terminal: the columns are cut to fit, and a whole last column goes
    // under its row instead, indented and wrapped, so a sentence is never cut.
    const bool stacked = m_lastWhole && m_lineWidth > 0 && natural > m_lineWidth && last > 0;
    if (m_lineWidth > 0 && natural > m_lineWidth && !fit(widths, m_lineWidth, stacked ? last : -1)) {
        // Cut as far as they go, the columns would still not fit: without the ones that may
        // go, else a row after another.
        return m_droppable.isEmpty() ? renderExpanded() : without(m_droppable).render();
    }
    const auto line = [&](const QStringList& cells, bool heading = false) {
        QStringList padded;
        for (qsizetype c = 0; c < (stacked ? last : widths.size()); ++c)
            padded << clip(cells.value(c), c, widths[c]).leftJustified(widths[c]);
        QString text = rstripped(padded.join(QString(gap, QLatin1Char(' '))));
        if (stacked && !heading) { // under a heading, an indented word read as a row's data
            for (const QString& under : wrapped(flat(cells.value(last)), std::max(minimumCut, m_lineWidth - indent)))
                text += rstripped(QString(indent, QLatin1Char(' ')) + under);
        }
        return text;
    };
    QString out = line(m_header, true);
    QStringList rule;
    for (qsizetype c = 0; c < (stacked ? last : widths.size()); ++c)
        rule << QString(widths[c], QLatin1Char('-'));
    out += rule.join(QString(gap, QLatin1Char(' '))) + QLatin1Char('\n');
    for (const auto& row : m_rows)
        out += line(row);
    return out;
}

} // namespace Ebb
