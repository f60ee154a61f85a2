#include "RunDetail.h"

#include "models/Csv.h"
#include "models/history/ProblemListModel.h"
#include "models/history/RequestListModel.h"
#include "ui/preview/RejectsCsv.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Ebb {

namespace {

QTableView* tableFor(QAbstractItemModel* model, const QString& spoken, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setAccessibleName(spoken);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

// A request's or an answer's body, pretty when it is JSON.
QString body(const QJsonValue& value)
{
    const QString text = value.toString();
    const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8());
    return json.isNull() ? text : QString::fromUtf8(json.toJson(QJsonDocument::Indented));
}

} // namespace

RunDetail::RunDetail(QWidget* parent)
    : QTabWidget(parent)
    , m_problemModel(new ProblemListModel(this))
    , m_problemFilter(new QSortFilterProxyModel(this))
    , m_requestModel(new RequestListModel(this))
    , m_problemNote(new QLabel)
    , m_filter(new QLineEdit)
    , m_export(new QPushButton(tr("Export CSV…")))
    , m_problems(nullptr)
    , m_log(new QPlainTextEdit)
    , m_requests(nullptr)
    , m_exchange(new QPlainTextEdit)
{
    m_problemFilter->setSourceModel(m_problemModel);
    m_problemFilter->setFilterKeyColumn(-1); // any column
    m_problemFilter->setFilterRole(ProblemListModel::SearchRole);
    m_problemFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_problemNote->setObjectName(QStringLiteral("problemNote"));
    m_problems = tableFor(m_problemFilter, tr("The run's rejects and failures"), this);
    m_problems->setSortingEnabled(true);
    m_problems->sortByColumn(-1, Qt::AscendingOrder); // as the run found them, until a header is clicked
    m_filter->setPlaceholderText(tr("Filter: a key, field, rule or words of the message"));
    m_filter->setAccessibleName(tr("Filter the run's problems"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_problemFilter->setFilterFixedString(text);
        m_problemNote->setText(problemNote());
    });
    m_export->setAccessibleName(tr("Export the shown problems to CSV"));
    connect(m_export, &QPushButton::clicked, this, &RunDetail::exportProblems);
    auto* problems = new QWidget;
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_problemNote);
    bar->addWidget(m_export);
    auto* problemLayout = new QVBoxLayout(problems);
    problemLayout->setContentsMargins(0, 4, 0, 0);
    problemLayout->addLayout(bar);
    problemLayout->addWidget(m_problems, 1);
    addTab(problems, tr("Problems"));

    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setAccessibleName(tr("The run's log"));
    addTab(m_log, tr("Log"));

    m_requests = tableFor(m_requestModel, tr("The run's requests"), this);
    m_exchange->setReadOnly(true);
    m_exchange->setAccessibleName(tr("The selected request and its answer"));
    m_exchange->setPlaceholderText(tr("Select a request to see what was sent and what the destination answered."));
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_requests);
    split->addWidget(m_exchange);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    connect(m_requests->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { showExchange(current.row()); });
    addTab(split, tr("Requests"));
    clear();
}

void RunDetail::clear()
{
    m_runId = 0;
    m_problemModel->setProblems({});
    m_requestModel->setRequests({});
    m_log->clear();
    m_exchange->clear();
    m_problemNote->clear();
    setTabText(0, tr("Problems"));
    setTabToolTip(0,
        tr("The run's problems: a row that breaks several rules has several, and rows whose problems read the "
           "same (no key, a repeated key) share a line that counts them"));
    setTabText(2, tr("Requests"));
    m_export->setEnabled(false);
}

int RunDetail::sourceRow(int shownRow) const
{
    return m_problemFilter->mapToSource(m_problemFilter->index(shownRow, 0)).row();
}

// The tab counts problems and the run counts rows: when they differ, the note says why.
QString RunDetail::problemNote() const
{
    const int problems = int(m_problemModel->problems().size());
    int shown = 0; // problems, not lines: a line may stand for several rows
    for (int row = 0; row < m_problemFilter->rowCount(); ++row)
        shown += m_problemModel->problemCountAt(sourceRow(row));
    const qint64 rows = m_run.counts.rejected + m_run.counts.failed;
    // Lines can be fewer than problems: rows whose problems read the same share one.
    const QString lines
        = m_problemModel->rowCount() == problems ? QString() : tr(" (in %1 lines)").arg(m_problemModel->rowCount());
    if (rows == problems || rows == 0)
        return tr("%1 of %2 problems shown%3").arg(shown).arg(problems).arg(lines);
    return tr("%1 of %2 problems shown%3, of %4 rows: a row may break several rules")
        .arg(shown)
        .arg(problems)
        .arg(lines)
        .arg(rows);
}

void RunDetail::showRun(const RunArchive& archive, const RunReport& run)
{
    m_runId = run.runId;
    m_archive = archive;
    m_run = run;
    // A run may have hundreds of thousands: the first ones are listed, Export writes them all.
    auto problems = archive.problems(run.sync, run.runId, listedProblems + 1);
    const bool more = problems && problems->size() > listedProblems;
    if (more)
        problems->resize(listedProblems);
    m_problemModel->setProblems(problems ? *problems : QList<Reject>());
    m_problemNote->setText(!problems ? problems.error().message
            : more                   ? tr("the first %1 listed; Export CSV writes every one").arg(listedProblems)
                                     : problemNote());
    m_problems->setToolTip(tr("A row that breaks two rules has two problems, so there can be more problems than "
                              "rejected rows (%1 rejected, %2 failed in run %3); rows whose problems read the same "
                              "(no key, a repeated key) share a line that counts them.")
                               .arg(run.counts.rejected)
                               .arg(run.counts.failed)
                               .arg(run.runId));
    m_problems->resizeColumnsToContents();
    for (int column : {int(ProblemListModel::Message), int(ProblemListModel::Value)})
        m_problems->setColumnWidth(column, std::min(m_problems->columnWidth(column), 420));
    setTabText(0,
        more ? tr("Problems (%1+)").arg(listedProblems) : tr("Problems (%1)").arg(m_problemModel->problems().size()));
    m_export->setEnabled(m_problemModel->rowCount() > 0);
    const QString log = archive.log(run.runId);
    m_log->setPlainText(log.isEmpty() ? tr("Run %1 left no log.").arg(run.runId) : log);
    auto requests = archive.requests(run.runId);
    m_requestModel->setRequests(requests ? *requests : QList<QJsonObject>());
    m_requests->resizeColumnsToContents();
    m_exchange->clear();
    setTabText(2, tr("Requests (%1)").arg(m_requestModel->rowCount()));
    setTabEnabled(2, m_requestModel->rowCount() > 0);
}

void RunDetail::showExchange(int row)
{
    const QJsonObject e = m_requestModel->request(row);
    if (e.isEmpty()) {
        m_exchange->clear();
        return;
    }
    QString text = QStringLiteral("%1 %2\n%3 record(s), try %4 → %5 in %6 ms\n")
                       .arg(e.value(QStringLiteral("method")).toString(), e.value(QStringLiteral("url")).toString())
                       .arg(e.value(QStringLiteral("records")).toInt())
                       .arg(e.value(QStringLiteral("attempt")).toInt())
                       .arg(e.value(QStringLiteral("status")).toInt())
                       .arg(e.value(QStringLiteral("ms")).toInteger());
    if (!e.value(QStringLiteral("error")).toString().isEmpty())
        text += tr("What went wrong: %1\n").arg(e.value(QStringLiteral("error")).toString());
    const QString request = body(e.value(QStringLiteral("request")));
    const QString answer = body(e.value(QStringLiteral("answer")));
    text += tr("\n— sent —\n%1\n\n— answered —\n%2")
                .arg(request.isEmpty() ? tr("(body not kept: only the first requests' and those that went wrong are)")
                                       : request,
                    answer.isEmpty() ? tr("(none)") : answer);
    m_exchange->setPlainText(text);
}

QByteArray RunDetail::problemsCsv() const
{
    // Every problem of the run, read again when only the first were listed; else those the filter shows.
    QList<Reject> all;
    const bool everyOne
        = m_filter->text().isEmpty() && m_problemModel->problems().size() >= listedProblems && m_archive;
    if (everyOne) {
        if (auto read = m_archive->problems(m_run.sync, m_run.runId))
            all = *read;
    }
    QByteArray csv = Csv::line({tr("key"), tr("what"), tr("field"), tr("rule"), tr("message"), tr("value")}) + '\n';
    if (!everyOne) { // a line a problem, also where the list shows several as one
        for (int row = 0; row < m_problemFilter->rowCount(); ++row)
            all += m_problemModel->problemsAt(sourceRow(row));
    }
    for (const Reject& p : std::as_const(all)) {
        const bool failed = p.rule == RejectRule::Failed;
        csv += Csv::line({RejectsCsv::cell(p.key), failed ? QStringLiteral("failed") : QStringLiteral("rejected"),
                   RejectsCsv::cell(p.field), failed ? QString() : rejectRuleName(p.rule), RejectsCsv::cell(p.message),
                   RejectsCsv::cell(p.value)})
            + '\n';
    }
    return csv;
}

void RunDetail::exportProblems()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the run's problems"), tr("run-%1-problems.csv").arg(m_runId), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(problemsCsv()) < 0)
        QMessageBox::warning(this, tr("Cannot export"), tr("%1: %2").arg(path, file.errorString()));
}

} // namespace Ebb
