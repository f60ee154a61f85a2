#pragma once

#include "app/engine/RunObserver.h"
#include "app/studio/RunArchive.h"
#include "models/RunReport.h"
#include "models/mapping/Reject.h"

#include <QHash>
#include <QWidget>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace Ebb {

class RunChart;
class RunDetail;
class RunHistoryModel;

// A run as it happens and how it ended: a progress bar (busy while the diff streams, then
// sent of to-send), counts, rows/s and time left; at the end the status, the counts, the
// rejects per rule (each a button that opens the Preview on the rejects) and the error.
// Below, the sync's history: its runs, a chart of their rows, and the selected run's
// problems, log and requests.
class RunStep : public QWidget
{
    Q_OBJECT

public:
    explicit RunStep(QWidget* parent = nullptr);

    // Another sync is shown: nothing of a previous sync's run stays on screen.
    void reset();
    void started(const QString& sync, bool dryRun);
    void progress(const RunProgress& progress);
    void rejected(const Reject& reject);
    void finished(const RunReport& report);
    QString summaryText() const;
    // The sync's runs, newest first (what `ebb-cli runs <sync>` lists), read from `archive`,
    // which also gives a selected run's problems, log and requests.
    void showHistory(const RunArchive& archive, const QList<RunReport>& runs);
    QTableView* historyView() const { return m_history; }
    RunHistoryModel* historyModel() const { return m_historyModel; }
    RunChart* chart() const { return m_chart; }
    RunDetail* detail() const { return m_detail; }
    void selectRun(qint64 runId);

Q_SIGNALS:
    void showRejectsRequested();

private:
    QLabel* m_title;
    QProgressBar* m_bar;
    QLabel* m_counts;
    QLabel* m_summary;
    QPushButton* m_rejects;
    QTableView* m_history;
    RunHistoryModel* m_historyModel;
    RunChart* m_chart;
    RunDetail* m_detail;
    std::optional<RunArchive> m_archive;
    QHash<RejectRule, qint64> m_byRule;
};

} // namespace Ebb
