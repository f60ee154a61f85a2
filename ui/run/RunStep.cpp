#include "RunStep.h"

#include "connectors/secrets/Redactor.h"
#include "models/history/RunHistoryModel.h"
#include "ui/Sentence.h"
#include "ui/Tones.h"
#include "ui/history/RunChart.h"
#include "ui/history/RunDetail.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace Ebb {

RunStep::RunStep(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_bar(new QProgressBar)
    , m_counts(new QLabel)
    , m_summary(new QLabel)
    , m_rejects(new QPushButton(tr("Show the Rejects in Preview")))
    , m_history(new QTableView)
    , m_historyModel(new RunHistoryModel(this))
    , m_chart(new RunChart)
    , m_detail(new RunDetail)
{
    m_history->setObjectName(QStringLiteral("runHistory"));
    m_history->setAccessibleName(tr("The sync's runs"));
    m_history->setModel(m_historyModel);
    m_history->setAccessibleName(tr("The sync's runs"));
    m_history->verticalHeader()->hide();
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setAlternatingRowColors(true);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QFont title = m_title->font();
    title.setBold(true);
    m_title->setFont(title);
    m_bar->setObjectName(QStringLiteral("runProgress"));
    m_summary->setObjectName(QStringLiteral("runSummary"));
    makeSentence(m_summary);
    makeSentence(m_title);
    makeSentence(m_counts);
    m_rejects->hide();
    connect(m_rejects, &QPushButton::clicked, this, &RunStep::showRejectsRequested);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_bar);
    layout->addWidget(m_counts);
    layout->addSpacing(12);
    layout->addWidget(m_summary);
    layout->addWidget(m_rejects, 0, Qt::AlignLeft);
    layout->addSpacing(12);
    auto* historyTitle = new QLabel(tr("<b>History</b> — select a run for its problems, log and requests (dry runs "
                                       "included; <code>ebb-cli runs &lt;sync&gt;</code> lists the same)"));
    makeSentence(historyTitle); // never what decides how narrow the window may be
    layout->addWidget(historyTitle);
    auto* runs = new QWidget;
    auto* runsLayout = new QHBoxLayout(runs);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    // The table's eleven columns first; the chart shows the same counts in less room.
    runsLayout->addWidget(m_history, 2);
    runsLayout->addWidget(m_chart, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(runs);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);
    connect(
        m_history->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            const RunReport* run = m_historyModel->run(current.row());
            if (run && m_archive)
                m_detail->showRun(*m_archive, *run);
            else
                m_detail->clear();
        });
    connect(m_chart, &RunChart::runClicked, this, &RunStep::selectRun);
    reset();
}

void RunStep::reset()
{
    m_byRule.clear();
    m_title->setText(tr("Sync Now (Ctrl+R) sends the saved sync; Dry Run (Ctrl+Shift+R) does everything but send. "
                        "Every run, however started, is in the history below."));
    m_bar->hide();
    m_counts->clear();
    m_summary->clear();
    m_rejects->hide();
}

void RunStep::started(const QString& sync, bool dryRun)
{
    m_byRule.clear();
    m_title->setText(dryRun ? tr("Dry run of %1").arg(sync) : tr("Running %1").arg(sync));
    m_bar->show();
    m_bar->setStyleSheet(QString());
    m_bar->setFormat(QStringLiteral("%p%"));
    m_bar->setRange(0, 0); // busy until the diff knows how much there is to send
    m_counts->clear();
    m_summary->clear();
    m_rejects->hide();
}

void RunStep::progress(const RunProgress& p)
{
    if (p.toSend > 0) {
        m_bar->setRange(0, int(std::min<qint64>(p.toSend, INT_MAX)));
        m_bar->setValue(int(std::min<qint64>(p.counts.sent + p.counts.failed, p.toSend)));
    }
    QString line = p.counts.text() + tr(" · %1 rows/s").arg(qint64(p.rowsPerSecond));
    if (p.etaSeconds >= 0)
        line += tr(" · about %1 s left").arg(qint64(p.etaSeconds + 0.5));
    m_counts->setText(line);
}

void RunStep::rejected(const Reject& reject)
{
    ++m_byRule[reject.rule];
}

void RunStep::finished(const RunReport& report)
{
    m_bar->setRange(0, 1);
    m_bar->setValue(1);
    const QString status = report.outcome(); // as ebb-cli run says it
    m_title->setText(tr("%1 %2 of %3: %4 in %5 s")
                         .arg(report.options.dryRun ? tr("Dry run") : tr("Run"))
                         .arg(report.runId)
                         .arg(report.sync, status)
                         .arg(report.seconds(), 0, 'f', 1));
    // A failed run must not look like a finished one.
    const bool failed = report.status != RunReport::Status::Succeeded && report.status != RunReport::Status::Partial;
    m_bar->setStyleSheet(failed
            // The bar is all error colour: its word in white, readable on it in light and dark palettes.
            ? QStringLiteral("QProgressBar { color: white; } QProgressBar::chunk { background: %1; }")
                  .arg(Tones::error(palette()).name())
            : QString());
    m_bar->setFormat(failed ? RunReport::statusName(report.status) : QStringLiteral("%p%"));
    m_counts->setText(report.counts.text());
    QStringList parts;
    if (!report.error.isEmpty())
        parts << tr("<b>Error:</b> %1")
                     .arg(Redactor::escapeControls(Redactor::redact(report.error), true).toHtmlEscaped());
    if (report.counts.rejected > 0) {
        QStringList rules;
        for (const auto& [name, count] : rulesByCount(m_byRule))
            rules << QStringLiteral("%1 %2").arg(name).arg(count);
        parts
            << tr("%1 row(s) rejected, not sent%2. Fix them at the source or in the mapping: each run checks them "
                  "again.")
                   .arg(report.counts.rejected)
                   .arg(rules.isEmpty()
                           ? QString()
                           : tr(" (rules broken, a row may break several: %1)").arg(rules.join(QStringLiteral(" · "))));
        m_rejects->show();
    }
    if (report.counts.failed > 0)
        parts << tr("%1 record(s) failed at the destination; they are sent again next run.").arg(report.counts.failed);
    m_summary->setText(parts.join(QStringLiteral("<br>")));
}

void RunStep::showHistory(const RunArchive& archive, const QList<RunReport>& runs)
{
    const RunReport* shown = m_historyModel->run(m_history->currentIndex().row());
    const RunReport* newest = m_historyModel->run(0);
    // Looking at the newest run, one follows the runs: a new one (a scheduled run) is shown.
    const qint64 keep = shown && shown != newest ? shown->runId : 0;
    m_archive = archive;
    m_historyModel->setRuns(runs);
    m_chart->setRuns(runs);
    m_history->resizeColumnsToContents();
    m_history->setColumnWidth(RunHistoryModel::Error, std::min(m_history->columnWidth(RunHistoryModel::Error), 360));
    // An Error column with nothing in it only pushed the others out of sight: shown once a
    // listed run has an error.
    m_history->setColumnHidden(RunHistoryModel::Error,
        std::none_of(runs.begin(), runs.end(), [](const RunReport& r) { return !r.error.isEmpty(); }));
    // An older run looked at stays selected; otherwise the newest.
    selectRun(m_historyModel->rowOf(keep) >= 0 ? keep : (runs.isEmpty() ? 0 : runs.first().runId));
    if (runs.isEmpty())
        m_detail->clear();
}

void RunStep::selectRun(qint64 runId)
{
    const int row = m_historyModel->rowOf(runId);
    if (row >= 0)
        m_history->setCurrentIndex(m_historyModel->index(row, 0));
}

QString RunStep::summaryText() const
{
    return m_title->text() + QLatin1Char('\n') + m_counts->text() + QLatin1Char('\n') + m_summary->text();
}

} // namespace Ebb
