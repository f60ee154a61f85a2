#pragma once

#include "app/studio/RunArchive.h"

#include <QTabWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Ebb {

class ProblemListModel;
class RequestListModel;

// One run, read back: its rejects and failures (filtered as you type, exported to CSV), its
// log, and — for an HTTP destination — each request with its answer (redacted), so a failed
// record can be traced to what the destination said.
class RunDetail : public QTabWidget
{
    Q_OBJECT

public:
    static constexpr int listedProblems = 10000; // listed at most; Export CSV writes them all

    explicit RunDetail(QWidget* parent = nullptr);

    void showRun(const RunArchive& archive, const RunReport& run);
    void clear();
    QTableView* problemsView() const { return m_problems; }
    QLineEdit* problemFilter() const { return m_filter; }
    QTableView* requestsView() const { return m_requests; }
    QPlainTextEdit* logView() const { return m_log; }
    QPlainTextEdit* exchangeView() const { return m_exchange; }
    // The problems as Export writes them, as CSV: those the filter shows, or with no filter every
    // one of the run (read again when only the first were listed).
    QByteArray problemsCsv() const;

private:
    void showExchange(int row);
    void exportProblems();
    QString problemNote() const;
    int sourceRow(int shownRow) const; // the problem model's row of a row the filter shows

    ProblemListModel* m_problemModel;
    QSortFilterProxyModel* m_problemFilter;
    RequestListModel* m_requestModel;
    QLabel* m_problemNote;
    QLineEdit* m_filter;
    QPushButton* m_export;
    QTableView* m_problems;
    QPlainTextEdit* m_log;
    QTableView* m_requests;
    QPlainTextEdit* m_exchange;
    qint64 m_runId = 0;
    std::optional<RunArchive> m_archive; // the shown run's, for an export of all its problems
    RunReport m_run;
};

} // namespace Ebb
