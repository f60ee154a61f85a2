#include "LogLinesModel.h"

namespace Ebb {

LogLinesModel::LogLinesModel(int capacity, QObject* parent)
    : QAbstractListModel(parent)
    , m_capacity(std::max(1, capacity))
{
}

int LogLinesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant LogLinesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line& line = m_lines[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return line.text;
    case LevelRole:
        return line.level;
    default:
        return {};
    }
}

QString LogLinesModel::levelOf(const QString& line)
{
    const qsizetype open = line.indexOf(QLatin1Char('['));
    const qsizetype close = open < 0 ? -1 : line.indexOf(QLatin1Char(']'), open);
    if (open < 0 || close < 0 || close - open > 12)
        return QStringLiteral("info");
    return line.mid(open + 1, close - open - 1);
}

void LogLinesModel::appendLines(const QStringList& lines)
{
    if (lines.isEmpty())
        return;
    // Only the newest `capacity` lines of the batch can stay.
    const qsizetype skip = std::max<qsizetype>(0, lines.size() - m_capacity);
    const int incoming = int(lines.size() - skip);
    const int overflow = int(m_lines.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_lines.erase(m_lines.begin(), m_lines.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + incoming - 1);
    for (qsizetype i = skip; i < lines.size(); ++i)
        m_lines.push_back({lines[i], levelOf(lines[i])});
    endInsertRows();
}

void LogLinesModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

QString LogLinesModel::text() const
{
    QStringList out;
    for (const Line& line : m_lines)
        out << line.text;
    return out.join(QLatin1Char('\n'));
}

} // namespace Ebb
