#pragma once

#include "app/engine/RunObserver.h"
#include "models/RunReport.h"
#include "models/mapping/Reject.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Ebb {

// A run as it happens and how it ended: a progress bar (busy while the diff streams, then
// sent of to-send), counts, rows/s and time left; at the end the status, the counts, the
// rejects per rule (each a button that opens the Preview on the rejects) and the error.
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
    // The sync's newest runs, from the journal (also what `ebb-cli runs <sync>` lists).
    void showHistory(const QList<RunReport>& runs);
    QTableWidget* historyView() const { return m_history; }

Q_SIGNALS:
    void showRejectsRequested();

private:
    QLabel* m_title;
    QProgressBar* m_bar;
    QLabel* m_counts;
    QLabel* m_summary;
    QPushButton* m_rejects;
    QTableWidget* m_history;
    QHash<QString, int> m_byRule;
};

} // namespace Ebb
