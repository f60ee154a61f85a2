#pragma once

#include "ValueType.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>
#include <vector>

namespace Ebb {

struct Column
{
    QString name;
    ValueType type = ValueType::Text;
    QString nativeType; // as the warehouse names it: "numeric(12,2)", "TIMESTAMP", ...
};

// The index of the column a sync file names, or -1: the exact name first, then one that
// differs only in case (SQL folds unquoted names). Every part that looks a column up by a
// name the user wrote uses this, so they all agree on which column "id" is.
int columnIndex(const QList<Column>& columns, const QString& name);

// A block of rows from a warehouse cursor, stored row-major in one flat vector so a
// batch costs one allocation for its cells, not one per row.
class RowBatch
{
public:
    RowBatch() = default;
    explicit RowBatch(QList<Column> columns)
        : m_columns(std::move(columns))
    {
    }

    const QList<Column>& columns() const { return m_columns; }
    int columnCount() const { return int(m_columns.size()); }
    int rowCount() const { return m_columns.isEmpty() ? 0 : int(m_cells.size() / size_t(m_columns.size())); }
    bool isEmpty() const { return m_cells.empty(); }

    const QVariant& at(int row, int column) const
    {
        return m_cells[size_t(row) * size_t(m_columns.size()) + size_t(column)];
    }
    QVariantList row(int row) const;

    void reserveRows(int rows) { m_cells.reserve(size_t(rows) * size_t(m_columns.size())); }
    // Appends one cell; callers append columnCount() cells per row, in column order.
    void append(QVariant cell) { m_cells.push_back(std::move(cell)); }
    void clearRows() { m_cells.clear(); }

private:
    QList<Column> m_columns;
    std::vector<QVariant> m_cells;
};

} // namespace Ebb

Q_DECLARE_METATYPE(Ebb::RowBatch)
Q_DECLARE_METATYPE(Ebb::Column)
