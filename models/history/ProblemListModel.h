#pragma once

#include "models/mapping/Reject.h"

#include <QAbstractTableModel>

namespace Ebb {

// A run's rejects and failures: key, what (rejected before sending, or failed at the
// destination), field, rule, message, value. Failures carry rule "failed". A row a problem,
// except that problems next to each other that read the same (rows without a key that share a
// fault, a repeated key's rows) make one row whose message counts them, as ebb-cli rejects
// lists them.
class ProblemListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Key, Fate, Field, Rule, Message, Value, ColumnCount };
    enum Role { SearchRole = Qt::UserRole + 1 }; // the text a filter matches, without a line's count

    using QAbstractTableModel::QAbstractTableModel;

    void setProblems(QList<Reject> problems);
    const QList<Reject>& problems() const { return m_problems; }
    // The problems row `row` stands for, in order.
    QList<Reject> problemsAt(int row) const;
    int problemCountAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Line
    {
        qsizetype first = 0; // into m_problems
        qsizetype count = 1;
    };

    QList<Reject> m_problems;
    QList<Line> m_lines;
};

} // namespace Ebb
