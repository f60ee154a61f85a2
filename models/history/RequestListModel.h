#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

namespace Ebb {

// A run's HTTP requests as its request log keeps them (redacted): when, method and URL,
// records, attempt, status, milliseconds, and what went wrong; the bodies are the caller's
// to show (request(row)).
class RequestListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { At, Request, Records, Attempt, Status, Ms, Problem, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setRequests(QList<QJsonObject> requests);
    QJsonObject request(int row) const { return m_requests.value(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<QJsonObject> m_requests;
};

} // namespace Ebb
