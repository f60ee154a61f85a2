#include "RowBatch.h"

namespace Ebb {

QVariantList RowBatch::row(int row) const
{
    QVariantList values;
    values.reserve(m_columns.size());
    for (int c = 0; c < columnCount(); ++c)
        values.append(at(row, c));
    return values;
}

} // namespace Ebb
