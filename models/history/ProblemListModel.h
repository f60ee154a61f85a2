#pragma once

#include "models/mapping/Reject.h"

#include <QAbstractTableModel>

namespace Ebb {

// A run's rejects and failures, one row a problem: key, what (rejected before sending, or
// failed at the destination), field, rule, message, value. Failures carry rule "failed".
class ProblemListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Key, Fate, Field, Rule, Message, Value, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setProblems(QList<Reject> problems);
    const QList<Reject>& problems() const { return m_problems; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Reject> m_problems;
};

} // namespace Ebb
