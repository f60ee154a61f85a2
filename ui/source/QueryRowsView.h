#pragma once

#include <QStackedWidget>

class QLabel;
class QTableView;

namespace Ebb {

// The Source step's rows, or, when the query fails, the database's words in their place: a
// red line under an empty grid was easy to miss.
class QueryRowsView : public QStackedWidget
{
    Q_OBJECT

public:
    explicit QueryRowsView(QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    // The failure, where the rows would be; `marked`: the editor underlines where it points.
    void showError(const QString& message, bool marked);
    void showRows();
    QString errorText() const;

private:
    QTableView* m_table;
    QLabel* m_error;
};

} // namespace Ebb
