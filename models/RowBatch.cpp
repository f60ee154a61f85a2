#include "RowBatch.h"

namespace Ebb {

int columnIndex(const QList<Column>& columns, const QString& name)
{
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name)
            return int(i);
    }
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns[i].name.compare(name, Qt::CaseInsensitive) == 0)
            return int(i);
    }
    return -1;
}

QVariantList RowBatch::row(int row) const
{
    QVariantList values;
    values.reserve(m_columns.size());
    for (int c = 0; c < columnCount(); ++c)
        values.append(at(row, c));
    return values;
}

} // namespace Ebb
