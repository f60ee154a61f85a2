#include "RunStep.h"

#include "connectors/secrets/Redactor.h"

#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ebb {

RunStep::RunStep(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_bar(new QProgressBar)
    , m_counts(new QLabel)
    , m_summary(new QLabel)
    , m_rejects(new QPushButton(tr("Show the Rejects in Preview")))
    , m_history(new QTableWidget(0, 10))
{
    m_history->setObjectName(QStringLiteral("runHistory"));
    m_history->setHorizontalHeaderLabels({tr("Run"), tr("Started"), tr("Status"), tr("Seconds"), tr("Read"),
        tr("Added"), tr("Changed"), tr("Removed"), tr("Rejected"), tr("Failed")});
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
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
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
    layout->addWidget(new QLabel(tr("<b>Recent runs</b> (dry runs included; <code>ebb-cli rejects &lt;sync&gt; --run "
                                    "N</code> lists a run's rejects)")));
    layout->addWidget(m_history, 1);
    reset();
}

void RunStep::reset()
{
    m_byRule.clear();
    m_title->setText(tr("No run in this window yet. Sync Now (Ctrl+R) sends the saved sync; Dry Run (Ctrl+Shift+R) "
                        "does everything but send."));
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
    QString status = RunReport::statusName(report.status);
    if (report.status == RunReport::Status::Succeeded && report.counts.rejected + report.counts.failed > 0)
        status = tr("finished with %1 rejected and %2 failed").arg(report.counts.rejected).arg(report.counts.failed);
    m_title->setText(tr("%1 %2 of %3: %4 in %5 s")
                         .arg(report.options.dryRun ? tr("Dry run") : tr("Run"))
                         .arg(report.runId)
                         .arg(report.sync, status)
                         .arg(report.seconds(), 0, 'f', 1));
    // A failed run must not look like a finished one.
    const bool failed = report.status != RunReport::Status::Succeeded && report.status != RunReport::Status::Partial;
    m_bar->setStyleSheet(failed ? QStringLiteral("QProgressBar::chunk { background: #c62828; }") : QString());
    m_bar->setFormat(failed ? RunReport::statusName(report.status) : QStringLiteral("%p%"));
    m_counts->setText(report.counts.text());
    QStringList parts;
    if (!report.error.isEmpty())
        parts << tr("<b>Error:</b> %1")
                     .arg(Redactor::escapeControls(Redactor::redact(report.error), true).toHtmlEscaped());
    if (report.counts.rejected > 0) {
        QStringList rules;
        for (auto it = m_byRule.cbegin(); it != m_byRule.cend(); ++it)
            rules << QStringLiteral("%1 %2").arg(it.key().toHtmlEscaped()).arg(it.value());
        rules.sort();
        parts
            << tr("%1 row(s) rejected and kept for the next run%2. Rejects are never sent.")
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

void RunStep::showHistory(const QList<RunReport>& runs)
{
    m_history->setRowCount(int(runs.size()));
    for (int r = 0; r < runs.size(); ++r) {
        const RunReport& run = runs[r];
        const RunCounts& c = run.counts;
        QString status = RunReport::statusName(run.status);
        if (run.options.dryRun)
            status += tr(" (dry run)");
        const QStringList cells{QString::number(run.runId),
            run.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), status,
            run.endedAt.isValid() ? QString::number(run.seconds(), 'f', 1) : QString(), QString::number(c.queried),
            QString::number(c.added), QString::number(c.changed), QString::number(c.removed),
            QString::number(c.rejected), QString::number(c.failed)};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col == 2 && !run.error.isEmpty())
                item->setToolTip(run.error);
            if (col >= 3)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_history->setItem(r, col, item);
        }
    }
    m_history->resizeColumnsToContents();
}

QString RunStep::summaryText() const
{
    return m_title->text() + QLatin1Char('\n') + m_counts->text() + QLatin1Char('\n') + m_summary->text();
}

} // namespace Ebb
