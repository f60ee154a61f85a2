#pragma once

#include "RowBatch.h"

#include <QAbstractTableModel>
#include <vector>

namespace Ebb {

// Rows of a query, fetched lazily in chunks. The model never touches a database: it asks
// for more with fetchRequested() and whoever runs the query (off the GUI thread) answers
// with appendRows(). Answers carry the generation they were asked for, so rows of a query
// the user has since replaced are dropped.
class QueryRowsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // True for a NULL cell, so a view can draw NULL apart from the text "NULL" (Core has no colours).
    static constexpr int NullRole = Qt::UserRole + 1;

    explicit QueryRowsModel(QObject* parent = nullptr);

    // Starts a new result (columns may follow with setColumns); returns the generation
    // that answers must carry.
    quint64 reset(const QList<Column>& columns = {});
    void clear();
    quint64 generation() const { return m_generation; }
    bool atEnd() const { return m_atEnd; }
    bool isFetching() const { return m_fetching; }
    QString errorText() const { return m_error; }
    // Running: the query's first answer, or more rows, are awaited.
    bool isRunning() const { return !m_atEnd && (m_fetching || m_columns.isEmpty()); }
    // Stops waiting: what was loaded stays, answers still on their way are dropped.
    void stop();
    bool wasStopped() const { return m_stopped; }
    void setChunkSize(int rows) { m_chunkSize = rows; }
    const QList<Column>& columns() const { return m_columns; }
    // The first `rows` rows loaded so far, as one batch (the mapping editor's sample).
    RowBatch head(int rows) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

public Q_SLOTS:
    // The result's columns are known; rows follow through fetchMore().
    void setColumns(quint64 generation, const QList<Ebb::Column>& columns);
    void appendRows(quint64 generation, const Ebb::RowBatch& batch, bool atEnd);
    void fail(quint64 generation, const QString& message);

Q_SIGNALS:
    void fetchRequested(quint64 generation, int rows);
    void stateChanged();

private:
    const QVariant& cell(int row, int column) const;

    QList<Column> m_columns;
    std::vector<RowBatch> m_batches;
    std::vector<int> m_batchStart; // first row of each batch, for a binary search
    int m_rowCount = 0;
    quint64 m_generation = 0;
    int m_chunkSize = 500;
    bool m_atEnd = true;
    bool m_stopped = false;
    bool m_fetching = false;
    QString m_error;
};

} // namespace Ebb
