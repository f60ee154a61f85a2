#include "RequestListModel.h"

namespace Ebb {

void RequestListModel::setRequests(QList<QJsonObject> requests)
{
    beginResetModel();
    m_requests = std::move(requests);
    endResetModel();
}

int RequestListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_requests.size());
}

int RequestListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_requests.size())
        return {};
    const QJsonObject& e = m_requests[index.row()];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Records || index.column() == Attempt || index.column() == Status
                || index.column() == Ms
            ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
            : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const int status = e.value(QStringLiteral("status")).toInt();
    switch (Column(index.column())) {
    case At:
        return e.value(QStringLiteral("at")).toString().mid(11, 12);
    case Request:
        return QStringLiteral("%1 %2").arg(
            e.value(QStringLiteral("method")).toString(), e.value(QStringLiteral("url")).toString());
    case Records:
        return e.value(QStringLiteral("records")).toInt();
    case Attempt:
        return e.value(QStringLiteral("attempt")).toInt();
    case Status:
        return status == 0 ? tr("no answer") : QString::number(status);
    case Ms:
        return e.value(QStringLiteral("ms")).toInteger();
    case Problem:
        return e.value(QStringLiteral("error")).toString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RequestListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{
        tr("At"), tr("Request"), tr("Records"), tr("Try"), tr("Status"), tr("ms"), tr("What went wrong")};
    return names.value(section);
}

} // namespace Ebb
