#include "QueryRowsModel.h"

#include "ValueFormat.h"

#include <algorithm>

namespace Ebb {

QueryRowsModel::QueryRowsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

quint64 QueryRowsModel::reset(const QList<Column>& columns)
{
    beginResetModel();
    m_columns = columns;
    m_batches.clear();
    m_batchStart.clear();
    m_rowCount = 0;
    m_atEnd = false;
    m_fetching = false;
    m_error.clear();
    m_stopped = false;
    ++m_generation;
    endResetModel();
    Q_EMIT stateChanged();
    return m_generation;
}

void QueryRowsModel::clear()
{
    reset({});
    m_atEnd = true;
    Q_EMIT stateChanged();
}

int QueryRowsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int QueryRowsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

RowBatch QueryRowsModel::head(int rows) const
{
    RowBatch batch(m_columns);
    const int count = std::min(rows, m_rowCount);
    batch.reserveRows(count);
    for (int r = 0; r < count; ++r) {
        for (int c = 0; c < int(m_columns.size()); ++c)
            batch.append(cell(r, c));
    }
    return batch;
}

const QVariant& QueryRowsModel::cell(int row, int column) const
{
    const auto it = std::upper_bound(m_batchStart.begin(), m_batchStart.end(), row);
    const auto batch = size_t(std::distance(m_batchStart.begin(), it) - 1);
    return m_batches[batch].at(row - m_batchStart[batch], column);
}

QVariant QueryRowsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& column = m_columns.at(index.column());
    const QVariant& value = cell(index.row(), index.column());
    const bool isNull = !value.isValid() || value.isNull();
    switch (role) {
    case Qt::DisplayRole:
        return ValueFormat::display(value, column.type);
    case Qt::EditRole:
        return value;
    case NullRole:
        return isNull;
    case Qt::TextAlignmentRole:
        if (column.type == ValueType::Integer || column.type == ValueType::Double || column.type == ValueType::Numeric)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return QStringLiteral("%1 (%2)").arg(column.name, column.nativeType);
    default:
        return {};
    }
}

QVariant QueryRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (section < 0 || section >= m_columns.size())
        return {};
    const auto& column = m_columns.at(section);
    if (role == Qt::DisplayRole)
        return column.name;
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1 — %2 (%3)").arg(column.name, valueTypeName(column.type), column.nativeType);
    return {};
}

bool QueryRowsModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_columns.isEmpty();
}

void QueryRowsModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent) || m_fetching)
        return;
    m_fetching = true;
    Q_EMIT stateChanged();
    Q_EMIT fetchRequested(m_generation, m_chunkSize);
}

void QueryRowsModel::setColumns(quint64 generation, const QList<Column>& columns)
{
    if (generation != m_generation)
        return;
    beginResetModel();
    m_columns = columns;
    endResetModel();
    Q_EMIT stateChanged();
}

void QueryRowsModel::appendRows(quint64 generation, const RowBatch& batch, bool atEnd)
{
    if (generation != m_generation)
        return; // the answer to a query that has been replaced
    m_fetching = false;
    m_atEnd = atEnd;
    if (batch.rowCount() > 0) {
        beginInsertRows({}, m_rowCount, m_rowCount + batch.rowCount() - 1);
        m_batchStart.push_back(m_rowCount);
        m_batches.push_back(batch);
        m_rowCount += batch.rowCount();
        endInsertRows();
    }
    Q_EMIT stateChanged();
}

void QueryRowsModel::stop()
{
    if (!isRunning())
        return;
    ++m_generation; // late rows and errors carry the old one
    m_fetching = false;
    m_atEnd = true;
    m_stopped = true;
    Q_EMIT stateChanged();
}

void QueryRowsModel::fail(quint64 generation, const QString& message)
{
    if (generation != m_generation)
        return;
    m_fetching = false;
    m_atEnd = true;
    m_error = message;
    Q_EMIT stateChanged();
}

} // namespace Ebb
