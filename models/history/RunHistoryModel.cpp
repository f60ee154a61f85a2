#include "RunHistoryModel.h"

#include "models/ValueFormat.h"

namespace Ebb {

void RunHistoryModel::setRuns(QList<RunReport> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

int RunHistoryModel::rowOf(qint64 runId) const
{
    for (int row = 0; row < m_runs.size(); ++row) {
        if (m_runs[row].runId == runId)
            return row;
    }
    return -1;
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunHistoryModel::statusText(const RunReport& run)
{
    QString status = RunReport::statusName(run.status);
    if (run.options.dryRun)
        status += tr(" (dry run)");
    return status;
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const RunReport& run = m_runs[index.row()];
    const RunCounts& c = run.counts;
    if (role == RunIdRole)
        return run.runId;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Started || index.column() == Origin || index.column() == Status
                || index.column() == Error
            ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
            : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole && !run.error.isEmpty())
        return run.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Run:
        return run.runId;
    case Started:
        return ValueFormat::moment(run.startedAt);
    case Origin:
        switch (run.options.origin) {
        case RunOptions::Origin::Window:
            return tr("window");
        case RunOptions::Origin::Schedule:
            return tr("schedule");
        case RunOptions::Origin::Cli:
            return tr("ebb-cli");
        case RunOptions::Origin::Unknown:
            return tr("—");
        }
        return {};
    case Status:
        return statusText(run);
    case Seconds:
        return run.endedAt.isValid() ? QString::number(run.seconds(), 'f', 1) : QString();
    case Queried:
        return c.queried;
    case Sent:
        return c.sent;
    case Unchanged:
        return c.unchanged;
    case Rejected:
        return c.rejected;
    case Failed:
        return c.failed;
    case Error:
        return run.error.section(QLatin1Char('\n'), 0, 0);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    // The counts' own names, as the run's summary, the chart and ebb-cli say them; the tooltips
    // tell a record that failed from a run that failed.
    static const QStringList names{tr("Run"), tr("Started"), tr("By"), tr("Status"), tr("Seconds"), tr("Queried"),
        tr("Sent"), tr("Unchanged"), tr("Rejected"), tr("Failed"), tr("Error")};
    if (role == Qt::DisplayRole)
        return names.value(section);
    if (role == Qt::ToolTipRole && section == Failed)
        return tr("Records that failed at the destination (refused, or no answer): the next run sends them again. "
                  "Not the run's status");
    if (role == Qt::ToolTipRole && section == Origin)
        return tr("Who started the run: the window, a schedule or ebb-cli");
    if (role == Qt::ToolTipRole && section == Unchanged)
        return tr("Rows the same as when they were last sent: nothing to send");
    if (role == Qt::ToolTipRole && section == Rejected)
        return tr("Rows the mapping or the destination's rules refused before anything was sent");
    return {};
}

} // namespace Ebb
