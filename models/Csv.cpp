#include "Csv.h"

namespace Ebb {

QByteArray Csv::field(const QString& text)
{
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

QByteArray Csv::line(const QStringList& fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += field(fields[i]);
    }
    return out;
}

QList<QStringList> Csv::parse(const QByteArray& text)
{
    QList<QStringList> rows;
    QStringList row;
    QByteArray cell;
    bool quoted = false;
    bool rowStarted = false;
    const auto endCell = [&] {
        row << QString::fromUtf8(cell);
        cell.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        rowStarted = true;
        if (quoted) {
            if (c != '"')
                cell += c;
            else if (i + 1 < text.size() && text[i + 1] == '"')
                cell += text[++i];
            else
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            endCell();
        } else if (c == '\n') {
            if (cell.endsWith('\r'))
                cell.chop(1);
            endCell();
            rows << std::exchange(row, {});
            rowStarted = false;
        } else {
            cell += c;
        }
    }
    if (rowStarted) {
        endCell();
        rows << row;
    }
    return rows;
}

} // namespace Ebb
