#include "TextTable.h"

#include <algorithm>

namespace Ebb {

TextTable::TextTable(QStringList header, int maxColumnWidth)
    : m_header(std::move(header))
    , m_maxWidth(maxColumnWidth)
{
}

void TextTable::addRow(QStringList cells)
{
    m_rows.append(std::move(cells));
}

QString TextTable::render() const
{
    const qsizetype last = m_header.size() - 1;
    const auto clip = [this, last](QString text, qsizetype column) {
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        if (m_lastWhole && column == last)
            return text;
        return text.size() > m_maxWidth ? text.left(m_maxWidth - 1) + QChar(0x2026) : text;
    };
    QList<int> widths;
    for (qsizetype c = 0; c < m_header.size(); ++c)
        widths << int(clip(m_header[c], c).size());
    for (const auto& row : m_rows) {
        for (int c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], int(clip(row[c], c).size()));
    }
    const auto line = [&](const QStringList& cells) {
        QStringList padded;
        for (int c = 0; c < widths.size(); ++c)
            padded << clip(c < cells.size() ? cells[c] : QString(), c).leftJustified(widths[c]);
        QString text = padded.join(QLatin1String("  "));
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    QString out = line(m_header);
    QStringList rule;
    for (const int w : widths)
        rule << QString(w, QLatin1Char('-'));
    out += rule.join(QLatin1String("  ")) + QLatin1Char('\n');
    for (const auto& row : m_rows)
        out += line(row);
    return out;
}

} // namespace Ebb
