#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Ebb {

// A plain-text table for terminals: columns sized to their content, capped in width.
class TextTable
{
public:
    explicit TextTable(QStringList header, int maxColumnWidth = 32);
    void addRow(QStringList cells);
    // The last column is never cut (a sentence, at the end of the line, may run long).
    void setLastColumnWhole(bool whole) { m_lastWhole = whole; }
    QString render() const;

private:
    QStringList m_header;
    QList<QStringList> m_rows;
    int m_maxWidth;
    bool m_lastWhole = false;
};

} // namespace Ebb
