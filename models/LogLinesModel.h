#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <deque>

namespace Ebb {

// The live log as a list model over a ring buffer: lines arrive in batches (LogBridge) and go
// in with one beginInsertRows per batch; past the capacity the oldest leave with one
// beginRemoveRows, so thousands of lines a second never stall the view and memory is bounded.
class LogLinesModel : public QAbstractListModel
{
    Q_OBJECT

public:
    static constexpr int LevelRole = Qt::UserRole + 1; // "info", "warning", "error", "debug"

    explicit LogLinesModel(int capacity = 20000, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    void appendLines(const QStringList& lines);
    void clear();
    // The lines as text, one a line (for copy and for tests).
    QString text() const;
    // "13:22:07 [warning] …" → "warning"; "info" when the line names none.
    static QString levelOf(const QString& line);

private:
    struct Line
    {
        QString text;
        QString level;
    };
    int m_capacity;
    std::deque<Line> m_lines;
};

} // namespace Ebb
