#include "PreviewStep.h"

#include "RejectsCsv.h"
#include "RowDetail.h"
#include "connectors/secrets/Redactor.h"
#include "models/ValueFormat.h"
#include "ui/FlowLayout.h"
#include "ui/Sentence.h"
#include "ui/Tones.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

constexpr int previewLimit = 500;
constexpr int PayloadRole = Qt::UserRole + 1;
constexpr int RulesRole = Qt::UserRole + 2; // " rule rule " on the Rule cell: every rule the row breaks
constexpr int FieldsRole = Qt::UserRole + 3; // "\x1ffield\x1ffield\x1f" on it too: where, a key's problems aside
constexpr QChar fieldSeparator(0x1F); // a field's name may hold spaces: "First Name" must not match "Name"

// A cell's whole text as its tooltip, never read as rich text (a warehouse value may hold tags).
QString plainTip(const QString& text)
{
    return QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped());
}

} // namespace

PreviewStep::PreviewStep(QWidget* parent)
    : QWidget(parent)
    , m_worker(new QObject)
    , m_summary(new QLabel)
    , m_chips(new QWidget)
    , m_ruleChips(new QWidget)
    , m_search(new QLineEdit)
    , m_model(new QStandardItemModel(0, 4, this))
    , m_byFate(new QSortFilterProxyModel(this))
    , m_byKey(new QSortFilterProxyModel(this))
    , m_table(new QTableView)
    , m_detail(new QPlainTextEdit)
    , m_sendTest(new QPushButton(tr("Send Test Row…")))
    , m_testResult(new QLabel)
    , m_stop(new QPushButton(tr("Stop")))
    , m_exportRejects(new QPushButton(tr("Export Rejects…")))
{
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("ebb-preview"));
    m_thread.start();

    m_summary->setObjectName(QStringLiteral("previewSummary"));
    makeSentence(m_summary);
    m_model->setHorizontalHeaderLabels({tr("Key"), tr("Fate"), tr("Rule"), tr("Message")});
    m_byFate->setSourceModel(m_model);
    m_byFate->setFilterKeyColumn(1);
    m_byKey->setSourceModel(m_byFate);
    m_byKey->setFilterKeyColumn(0);
    m_byKey->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setAccessibleName(tr("Records a run would send"));
    m_table->setModel(m_byKey);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_detail->setObjectName(QStringLiteral("previewDetail"));
    m_detail->setAccessibleName(tr("The selected record"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a row to see what would be sent, or why it would be rejected."));
    m_search->setPlaceholderText(tr("Search by key…"));
    m_search->setAccessibleName(tr("Search the records by key"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_byKey, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &PreviewStep::showSelected);

    // The chips: the fates on one line, the rules below, each wrapping where the width ends
    // (there may be many rules; all stay in sight and none widens the window).
    (void)new FlowLayout(m_chips);
    (void)new FlowLayout(m_ruleChips);
    for (QWidget* chips : {m_chips, m_ruleChips})
        chips->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    auto* top = new QHBoxLayout;
    m_exportRejects->setObjectName(QStringLiteral("exportRejects"));
    m_exportRejects->setEnabled(false); // until a preview lists some
    connect(m_exportRejects, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Rejects"), QStringLiteral("rejects.csv"), tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportRejects(path, &error))
            QMessageBox::warning(this, tr("Cannot export the rejects"), error);
    });
    top->addWidget(m_exportRejects);
    m_sendTest->setObjectName(QStringLiteral("sendTestRow"));
    m_sendTestTip = tr("Send the selected row to the destination now, and see its answer. It is journaled like any "
                       "sent record, so the next run does not send it again.");
    m_sendTest->setToolTip(m_sendTestTip);
    m_sendTest->setEnabled(false);
    connect(m_sendTest, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            Q_EMIT sendTestRowRequested(m_byKey->index(current.row(), 0).data(Qt::DisplayRole).toString());
    });
    top->addWidget(m_sendTest);
    top->addStretch(1);
    // A search finds keys among the rows shown: when none matches, it says why — a filter
    // chip, or rows the preview does not list. Said again whenever the rows shown change.
    auto* searchNote = new QLabel;
    searchNote->setObjectName(QStringLiteral("searchNote"));
    const auto explain = [this, searchNote] {
        const QString text = m_search->text();
        if (text.isEmpty() || m_byKey->rowCount() > 0)
            searchNote->clear();
        else if (m_byFate->rowCount() < m_model->rowCount())
            searchNote->setText(
                tr("No key with “%1” among the %n row(s) of this filter; “all listed” searches them all", nullptr,
                    m_byFate->rowCount())
                    .arg(text));
        else
            searchNote->setText(tr("No key with “%1” among the %n listed row(s); rows past the first changes and "
                                   "rejects are not listed",
                nullptr, m_model->rowCount())
                                    .arg(text));
    };
    connect(m_search, &QLineEdit::textChanged, searchNote, explain);
    connect(m_byKey, &QAbstractItemModel::modelReset, searchNote, explain);
    connect(m_byKey, &QAbstractItemModel::layoutChanged, searchNote, explain);
    connect(m_byKey, &QAbstractItemModel::rowsInserted, searchNote, explain);
    connect(m_byKey, &QAbstractItemModel::rowsRemoved, searchNote, explain);
    makeSentence(searchNote);
    top->addWidget(searchNote, 1);
    top->addWidget(m_search, 1);
    m_search->setMaximumWidth(320);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    // A preview reads up to PreviewRunner::maxRows rows: it can be stopped (Escape).
    m_stop->setObjectName(QStringLiteral("stopPreview"));
    m_stop->setToolTip(tr("Stop previewing (Esc); nothing is sent either way"));
    connect(m_stop, &QPushButton::clicked, this, &PreviewStep::stop);
    auto* summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(m_stop, 0, Qt::AlignTop);
    layout->addLayout(summaryRow);
    layout->addLayout(top);
    layout->addWidget(m_chips);
    layout->addWidget(m_ruleChips);
    layout->addWidget(splitter, 1);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    makeSentence(m_testResult);
    m_testResult->hide();
    layout->addWidget(m_testResult);
    clear();
}

PreviewStep::~PreviewStep()
{
    if (m_cancel)
        m_cancel->store(true); // a long preview stops at its next batch; the thread is waited for
    m_thread.quit();
    m_thread.wait();
}

void PreviewStep::clear(const QString& why)
{
    ++m_generation;
    if (m_cancel)
        m_cancel->store(true); // a newer preview, or none: the old one need not read on
    const bool wasRunning = m_running;
    m_running = false;
    m_stop->hide();
    m_exportRejects->setEnabled(false);
    m_preview = {};
    m_model->removeRows(0, m_model->rowCount());
    m_summary->setText(
        why.isEmpty() ? tr("Press Preview (F6) to see what a run would do with each row; nothing is sent.") : why);
    for (QWidget* row : {m_chips, m_ruleChips}) {
        while (QLayoutItem* item = row->layout()->takeAt(0)) {
            delete item->widget();
            delete item;
        }
    }
    m_detail->clear();
    m_sendTest->setEnabled(false);
    showTestResult(QString());
    if (wasRunning)
        Q_EMIT finished(); // what waited on it (the window's Stop) knows it is over
}

void PreviewStep::run(const Workspace& workspace, const SyncSpec& sync, const QString& fate)
{
    clear(tr("Previewing %1: reading, mapping and checking its rows against the destination and the journal…")
              .arg(sync.id));
    m_running = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_stop->show();
    Q_EMIT started();
    m_initialFilter = fate;
    // The key is the query's, by which the journal knows a row; the destination matches on
    // the field as the mapping sends it (a transform there changes what is matched).
    m_model->setHorizontalHeaderItem(0, new QStandardItem(tr("Key (%1)").arg(sync.primaryKey)));
    m_model->horizontalHeaderItem(0)->setToolTip(
        tr("<p>The query's primary key %1: Ebb remembers each row by it. The destination matches records on %2 as "
           "the mapping sends it (after its transforms); select a row to see the record.</p>")
            .arg(sync.primaryKey, sync.matchField.isEmpty() ? tr("its own key") : sync.matchField));
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation, workspace, sync, cancel = m_cancel] {
            auto preview = PreviewRunner::run(workspace, sync, previewLimit, cancel.get());
            // In the log too, so a fresh answer can be told from an old one.
            if (preview) {
                const RunCounts& c = preview->counts;
                spdlog::info("previewed sync {}: {} rows, {} added, {} changed, {} unchanged, {} removed, {} rejected",
                    sync.id.toStdString(), c.queried, c.added, c.changed, c.unchanged, c.removed, c.rejected);
            } else if (preview.error().category == Error::Category::Cancelled) {
                spdlog::info("preview of sync {} stopped", sync.id.toStdString());
            } else {
                spdlog::warn("preview of sync {} failed: {}", sync.id.toStdString(),
                    Redactor::redact(preview.error().message).toStdString());
            }
            QMetaObject::invokeMethod(
                this,
                [this, generation, preview] {
                    if (generation != m_generation)
                        return; // a newer preview was asked for
                    m_running = false;
                    m_stop->hide();
                    if (preview) {
                        show(*preview);
                        filterBy(m_initialFilter);
                        // Asked for one fate (Show the Rejects): its first row is shown at once.
                        if (!m_initialFilter.isEmpty() && m_byKey->rowCount() > 0)
                            m_table->selectRow(0);
                    } else
                        showError(preview.error().toString());
                    Q_EMIT finished();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void PreviewStep::stop()
{
    if (!m_running)
        return;
    clear(tr("Preview stopped. Press Preview (F6) to start again.")); // says finished()
}

void PreviewStep::showError(const QString& message)
{
    m_summary->setText(tr("<b>The preview failed:</b> %1")
                           .arg(Redactor::escapeControls(Redactor::redact(message), true).toHtmlEscaped()));
}

// "the first 500 of 5071 rows to write …", "all 142 rejected rows", "no rejected rows".
QString PreviewStep::listedText(qint64 count, const QString& what)
{
    if (count == 0)
        return tr("no %1").arg(what);
    if (count <= previewLimit)
        return tr("all %1 %2").arg(count).arg(what);
    return tr("the first %1 of %2 %3").arg(previewLimit).arg(count).arg(what);
}

void PreviewStep::show(const PreviewRunner::Preview& preview)
{
    m_preview = preview;
    m_exportRejects->setEnabled(preview.counts.rejected > 0);
    const RunCounts& c = preview.counts;
    // Two sets of numbers, said apart: what a run would do with every row read, and what the
    // list below holds (the first changes and rejects; unchanged rows are not listed).
    m_summary->setText(
        tr("<b>%1</b>, a run would add %2, change %3, leave %4 unchanged, remove %5 and reject "
           "%6. Nothing was sent. <b>Listed below:</b> %7 and %8. %9")
            .arg(preview.complete
                    ? tr("Of the query's %1 rows").arg(c.queried)
                    : tr("Of the query's first %1 rows (a preview stops there; a run reads them all)").arg(c.queried))
            .arg(c.added)
            .arg(c.changed)
            .arg(c.unchanged)
            .arg(c.removed)
            .arg(c.rejected)
            .arg(listedText(c.added + c.changed + c.removed, tr("rows to write (added, changed or removed)")))
            .arg(listedText(c.rejected, tr("rejected rows")))
            .arg(preview.note.toHtmlEscaped()));
    QHash<QString, int> listed; // the chips count the rows listed below
    for (const PreviewRunner::Item& item : preview.items) {
        QList<QStandardItem*> row;
        const QString rule = item.problems.isEmpty() ? QString() : rejectRuleName(item.problems.first().rule);
        const QString message = item.problems.isEmpty() ? QString() : item.problems.first().message;
        ++listed[item.change];
        auto* key = new QStandardItem(ValueFormat::key(item.key,
            item.key.isEmpty() && !item.problems.isEmpty() && item.problems.first().rule == RejectRule::NullKey));
        QStringList rowRules;
        QStringList rowFields;
        for (const Reject& problem : item.problems) {
            rowRules << rejectRuleName(problem.rule);
            if (!isKeyRule(problem.rule))
                rowFields << problem.field;
        }
        auto* ruleCell = new QStandardItem(rule);
        ruleCell->setData(QLatin1Char(' ') + rowRules.join(QLatin1Char(' ')) + QLatin1Char(' '), RulesRole);
        ruleCell->setData(fieldSeparator + rowFields.join(fieldSeparator) + fieldSeparator, FieldsRole);
        auto* messageCell = new QStandardItem(Redactor::escapeControls(message));
        messageCell->setToolTip(plainTip(messageCell->text()));
        key->setToolTip(plainTip(key->text()));
        row << key << new QStandardItem(item.change) << ruleCell << messageCell;
        const QString detail = RowDetail::text(item);
        row.first()->setData(detail, PayloadRole);
        if (item.change == QLatin1String("rejected")) {
            for (QStandardItem* cell : row)
                cell->setForeground(Tones::error(palette()));
        }
        m_model->appendRow(row);
    }
    m_table->resizeColumnsToContents();
    // A long key must not push the message out of sight: the key takes at most a third.
    m_table->setColumnWidth(0, std::min(m_table->columnWidth(0), std::max(160, m_table->viewport()->width() / 3)));
    // The counts as filters: all, then each fate with its count.
    const QStringList fates{QStringLiteral("added"), QStringLiteral("changed"), QStringLiteral("unchanged"),
        QStringLiteral("removed"), QStringLiteral("rejected")};
    auto* all = new QPushButton(tr("all listed %1").arg(preview.items.size()));
    all->setCheckable(true);
    all->setChecked(true);
    m_chips->layout()->addWidget(all);
    connect(all, &QPushButton::clicked, this, [this] { filterBy(QString()); });
    // Each chip: the rows of that fate in the list, and of all the rows judged when more.
    const QHash<QString, qint64> judged{{QStringLiteral("added"), c.added}, {QStringLiteral("changed"), c.changed},
        {QStringLiteral("unchanged"), c.unchanged}, {QStringLiteral("removed"), c.removed},
        {QStringLiteral("rejected"), c.rejected}};
    for (const QString& fate : fates) {
        const int count = listed.value(fate);
        const qint64 total = judged.value(fate);
        QString text = QStringLiteral("%1 %2").arg(fate).arg(count);
        if (fate == QLatin1String("unchanged"))
            text = tr("unchanged %1 (not listed)").arg(total);
        else if (total > count)
            text = tr("%1 %2 (%3 listed)").arg(fate).arg(total).arg(count);
        auto* chip = new QPushButton(text);
        chip->setObjectName(QStringLiteral("chip-") + fate);
        chip->setCheckable(true);
        chip->setEnabled(count > 0);
        chip->setToolTip(fate == QLatin1String("unchanged")
                ? tr("Unchanged rows are not sent, so the list leaves them out")
                : fate == QLatin1String("added")
                ? tr("Show only the added rows: keys this sync has not sent before (each sync keeps its own "
                     "journal). In upsert mode a record the destination already has is updated, not duplicated.")
                : tr("Show only the %1 rows in the list").arg(fate));
        m_chips->layout()->addWidget(chip);
        connect(chip, &QPushButton::clicked, this, [this, fate] { filterBy(fate); });
    }
    // Then a chip per rule the listed rejects break: a row that breaks several shows under each.
    // Counted over every row judged, as the header counts: a rule's chip filters the listed ones.
    const QList<std::pair<QString, qint64>> rules = rulesByCount(preview.rejectsByRule); // most broken first
    if (!rules.isEmpty()) {
        m_ruleChips->layout()->addWidget(new QLabel(tr("by rule (a row may break several):")));
    }
    for (const auto& [rule, count] : rules) {
        auto* chip = new QPushButton(QStringLiteral("%1 %2").arg(rule).arg(count));
        chip->setObjectName(QStringLiteral("rule-") + rule);
        chip->setCheckable(true);
        const std::optional<RejectRule> known = rejectRuleFromName(rule);
        chip->setToolTip(tr("%1: %2. Show only the listed rows that break it.")
                             .arg(rule, known ? rejectRuleMeaning(*known) : QString()));
        m_ruleChips->layout()->addWidget(chip);
        connect(chip, &QPushButton::clicked, this, [this, rule] { filterByRule(rule); });
    }
}

bool PreviewStep::exportRejects(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(RejectsCsv::write(m_preview.items)) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void PreviewStep::filterBy(const QString& fate)
{
    m_byFate->setFilterKeyColumn(1);
    m_byFate->setFilterRole(Qt::DisplayRole);
    m_byFate->setFilterRegularExpression(fate.isEmpty() ? QString() : QStringLiteral("^%1$").arg(fate));
    checkChip(fate.isEmpty() ? QString() : QStringLiteral("chip-") + fate);
}

void PreviewStep::filterByRule(const QString& rule)
{
    m_byFate->setFilterKeyColumn(2);
    m_byFate->setFilterRole(RulesRole);
    m_byFate->setFilterRegularExpression(
        QRegularExpression(QStringLiteral(" %1 ").arg(QRegularExpression::escape(rule))));
    checkChip(QStringLiteral("rule-") + rule);
}

void PreviewStep::filterByField(const QString& field)
{
    m_byFate->setFilterKeyColumn(2);
    m_byFate->setFilterRole(FieldsRole);
    m_byFate->setFilterRegularExpression(
        QRegularExpression(QRegularExpression::escape(fieldSeparator + field + fieldSeparator)));
    m_search->clear(); // a key typed before would hide the field's rows
    // A chip says what is shown, as the others do; "all listed" shows everything again.
    auto* chip = m_ruleChips->findChild<QPushButton*>(QStringLiteral("field-chip"));
    if (!chip) {
        chip = new QPushButton;
        chip->setObjectName(QStringLiteral("field-chip"));
        chip->setCheckable(true);
        m_ruleChips->layout()->addWidget(chip);
    }
    chip->disconnect(this);
    chip->setText(tr("field %1").arg(QString(field).replace(QLatin1Char('&'), QLatin1String("&&"))));
    chip->setToolTip(tr("Show only the listed rows with a problem on the field %1, as the Mapping step counts them "
                        "(a NULL or repeated key aside)")
                         .arg(field));
    connect(chip, &QPushButton::clicked, this, [this, field] { filterByField(field); });
    checkChip(chip->objectName());
}

// The chip named `name` checked, the others not; "" checks "all listed".
void PreviewStep::checkChip(const QString& name)
{
    QList<QPushButton*> chips = m_chips->findChildren<QPushButton*>() + m_ruleChips->findChildren<QPushButton*>();
    for (auto* chip : chips) {
        const bool all = !chip->objectName().startsWith(QLatin1String("chip-"))
            && !chip->objectName().startsWith(QLatin1String("rule-"))
            && chip->objectName() != QLatin1String("field-chip");
        chip->setChecked(name.isEmpty() ? all : chip->objectName() == name);
    }
}

void PreviewStep::showTestResult(const QString& html)
{
    m_testResult->setText(html);
    m_testResult->setVisible(!html.isEmpty());
}

QString PreviewStep::testResult() const
{
    return m_testResult->text();
}

void PreviewStep::showSelected()
{
    const QModelIndex current = m_table->currentIndex();
    // Only a row the run would send can be sent as a test.
    const QString fate = current.isValid() ? m_byKey->index(current.row(), 1).data().toString() : QString();
    m_sendTest->setEnabled(fate == QLatin1String("added") || fate == QLatin1String("changed"));
    m_sendTest->setToolTip(m_sendTest->isEnabled() || !current.isValid()
            ? m_sendTestTip
            : tr("Only a row a run would send (added or changed) can be sent as a test; this one is %1.").arg(fate));
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    m_detail->setPlainText(m_byKey->index(current.row(), 0).data(PayloadRole).toString());
}

} // namespace Ebb
