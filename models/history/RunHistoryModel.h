#pragma once

#include "models/RunReport.h"

#include <QAbstractTableModel>

namespace Ebb {

// A sync's runs as the history lists them, newest first: run, started, status (a dry run
// says so; one that died mid-run is "interrupted"), duration, rows queried, sent, unchanged,
// rejected, failed and the error. RunIdRole gives a row's run id.
class RunHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Run,
        Started,
        Origin,
        Status,
        Seconds,
        Queried,
        Sent,
        Unchanged,
        Rejected,
        Failed,
        Error,
        ColumnCount
    };
    static constexpr int RunIdRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setRuns(QList<RunReport> runs);
    const QList<RunReport>& runs() const { return m_runs; }
    const RunReport* run(int row) const { return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr; }
    int rowOf(qint64 runId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString statusText(const RunReport& run);

private:
    QList<RunReport> m_runs;
};

} // namespace Ebb
