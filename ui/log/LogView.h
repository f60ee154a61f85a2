#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;

namespace Ebb {

class LogLinesModel;

// The live log dock's contents: the lines (a bounded model), a level filter, a search, and
// Pause that stops following the newest line (the lines keep coming). Copy copies the
// selected lines, or all shown.
class LogView : public QWidget
{
    Q_OBJECT

public:
    explicit LogView(QWidget* parent = nullptr);

    void appendLines(const QStringList& lines);
    LogLinesModel* model() const { return m_model; }
    // The lines the filters let through, one a line.
    QString shownText() const;
    void copy() const;

private:
    void applyFilter();

    LogLinesModel* m_model;
    QSortFilterProxyModel* m_filter;
    QListView* m_list;
    QComboBox* m_level;
    QLineEdit* m_search;
    QCheckBox* m_pause;
};

} // namespace Ebb
