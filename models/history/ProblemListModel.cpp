#include "ProblemListModel.h"

#include "models/ValueFormat.h"

namespace Ebb {

void ProblemListModel::setProblems(QList<Reject> problems)
{
    beginResetModel();
    m_problems = std::move(problems);
    m_lines.clear();
    for (qsizetype i = 0; i < m_problems.size(); i += m_lines.last().count)
        m_lines.append(Line{i, sameRun(m_problems, i)});
    endResetModel();
}

QList<Reject> ProblemListModel::problemsAt(int row) const
{
    const Line& line = m_lines.at(row);
    return m_problems.mid(line.first, line.count);
}

int ProblemListModel::problemCountAt(int row) const
{
    return int(m_lines.at(row).count);
}

int ProblemListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int ProblemListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const Line& line = m_lines[index.row()];
    const Reject& p = m_problems[line.first];
    const bool failed = p.rule == RejectRule::Failed;
    // What a filter searches: the cells without the count, so "rows" or "2" finds no line by it.
    const QString rows = role == SearchRole ? QString() : rowsNote(p, line.count);
    if (role == Qt::ToolTipRole && index.column() == Message)
        return p.message + rows;
    if (role != Qt::DisplayRole && role != SearchRole)
        return {};
    switch (Column(index.column())) {
    case Key: // a NULL key as the Preview and ebb-cli show it
        return ValueFormat::key(p.key, p.key.isEmpty() && p.rule == RejectRule::NullKey);
    case Fate:
        return failed ? tr("failed at the destination") : tr("rejected before sending");
    case Field:
        return p.field;
    case Rule:
        return failed ? QString() : rejectRuleName(p.rule);
    case Message:
        return p.message.section(QLatin1Char('\n'), 0, 0) + rows;
    case Value:
        return p.value.left(200);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ProblemListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Key"), tr("Fate"), tr("Field"), tr("Rule"), tr("Message"), tr("Value")};
    return names.value(section);
}

} // namespace Ebb
