#include "MappingStep.h"

#include "AutoMapDialog.h"
#include "MappingDetail.h"
#include "StateDelegate.h"
#include "connectors/secrets/Redactor.h"
#include "models/studio/DestinationFieldsModel.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/MappingListModel.h"
#include "models/studio/SourceColumnsModel.h"
#include "models/studio/commands/AddTransformCommand.h"
#include "models/studio/commands/MapColumnCommand.h"
#include "models/studio/commands/RemoveTransformCommand.h"
#include "models/studio/commands/UnmapCommand.h"
#include "ui/Sentence.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace Ebb {

namespace {

QTableView* paneView(QAbstractItemModel* model, int decoratedColumn, const QString& name, const QString& spoken)
{
    auto* view = new QTableView;
    view->setObjectName(name);
    view->setAccessibleName(spoken);
    view->setModel(model);
    view->setItemDelegate(new StateDelegate(decoratedColumn, view));
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setDragEnabled(true);
    view->setAcceptDrops(true);
    view->setDropIndicatorShown(true);
    view->setDragDropMode(QAbstractItemView::DragDrop);
    view->setDefaultDropAction(Qt::CopyAction);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

QString headingText(const QString& title, const QString& hint)
{
    return QStringLiteral("<b>%1</b> <span style='color:palette(mid)'>%2</span>")
        .arg(title.toHtmlEscaped(), hint.toHtmlEscaped());
}

QWidget* pane(QLabel* heading, QWidget* view)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(view, 1);
    return box;
}

// What the first listed problem on `field` says (a key's aside), to show one real value: the
// mapping's own sample rows may all pass.
QString firstListedProblem(const PreviewRunner::Preview& preview, const QString& field)
{
    for (const PreviewRunner::Item& item : preview.items) {
        for (const Reject& problem : item.problems) {
            if (problem.field == field && !isKeyRule(problem.rule)) {
                const QString message = Redactor::escapeControls(problem.message);
                return message.size() > 200 ? message.left(199) + QStringLiteral("…") : message;
            }
        }
    }
    return {};
}

} // namespace

MappingStep::MappingStep(MappingDocument* document, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_undoStack(undoStack)
    , m_columnsModel(new SourceColumnsModel(document, undoStack, this))
    , m_mappingsModel(new MappingListModel(document, undoStack, this))
    , m_fieldsModel(new DestinationFieldsModel(document, undoStack, this))
    , m_columns(paneView(
          m_columnsModel, SourceColumnsModel::NameColumn, QStringLiteral("sourceColumns"), tr("Source columns")))
    , m_mappings(paneView(m_mappingsModel, MappingListModel::StatusColumn, QStringLiteral("mappings"), tr("Mappings")))
    , m_fields(paneView(m_fieldsModel, 0, QStringLiteral("destinationFields"), tr("Destination fields")))
    , m_mappingsHeading(new QLabel)
    , m_required(new QLabel)
    , m_message(new QLabel)
    , m_detail(new MappingDetail(document, undoStack))
{
    m_mappingsHeading->setObjectName(QStringLiteral("mappingsHeading"));
    makeSentence(m_mappingsHeading);
    m_required->setObjectName(QStringLiteral("requiredUnmapped"));
    makeSentence(m_required);
    m_message->setObjectName(QStringLiteral("mappingMessage"));
    makeSentence(m_message);
    connect(m_detail, &MappingDetail::said, this, &MappingStep::say);
    connect(m_detail, &MappingDetail::previewRequested, this, &MappingStep::previewRequested);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(pane(new QLabel(headingText(tr("Columns"), tr("drag onto a field; ✓ mapped"))), m_columns));
    splitter->addWidget(pane(m_mappingsHeading, m_mappings));
    splitter->addWidget(pane(new QLabel(headingText(tr("Fields"), tr("✓ mapped, * required"))), m_fields));
    showPreview(nullptr);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    splitter->setStretchFactor(2, 2);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({260, 700, 300});

    const auto button = [this](const QString& text, const QString& tip, auto slot) {
        auto* b = new QPushButton(text);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    auto* mapButton
        = button(tr("Map"), tr("Map the selected column onto the selected field (Enter)"), [this] { mapSelected(); });
    mapButton->setObjectName(QStringLiteral("mapButton"));
    auto* unmap = button(tr("Unmap"), tr("Remove the selected mapping (Delete)"), [this] { unmapSelected(); });
    auto* autoMapButton = button(
        tr("Auto-map…"), tr("Propose column → field pairs by name, then choose which to apply"), [this] { autoMap(); });
    autoMapButton->setObjectName(QStringLiteral("autoMapButton"));
    m_fix = button(tr("Apply Fix"),
        tr("Add the transform that makes the sample fit the field's type, or remove the one that breaks it"),
        [this] { applySuggestion(); });
    m_fix->setObjectName(QStringLiteral("applyFix"));
    auto* buttons = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{mapButton, unmap, autoMapButton, m_fix})
        buttons->addWidget(w);
    buttons->addWidget(m_message, 1);

    // The panes above, the selected mapping in full below; the divider moves.
    auto* below = new QWidget;
    auto* belowLayout = new QVBoxLayout(below);
    belowLayout->setContentsMargins(0, 0, 0, 0);
    belowLayout->addLayout(buttons);
    belowLayout->addWidget(m_detail, 1);
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(splitter);
    vertical->addWidget(below);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    vertical->setSizes({640, 260}); // the panes first; the detail needs little room
    vertical->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_required);
    layout->addWidget(vertical, 1);

    // Enter maps (the keyboard path), Delete unmaps; both only while the editor has focus.
    for (const auto key : {Qt::Key_Return, Qt::Key_Enter}) {
        for (QTableView* view : {m_columns, m_fields}) {
            auto* shortcut = new QShortcut(QKeySequence(key), view, nullptr, nullptr, Qt::WidgetShortcut);
            connect(shortcut, &QShortcut::activated, this, [this] { mapSelected(); });
        }
    }
    auto* remove = new QShortcut(QKeySequence::Delete, m_mappings, nullptr, nullptr, Qt::WidgetShortcut);
    connect(remove, &QShortcut::activated, this, [this] { unmapSelected(); });
    connect(m_document, &MappingDocument::mappingsChanged, this, &MappingStep::updateHints);
    connect(m_document, &MappingDocument::mappingsChanged, this, &MappingStep::fitMappingColumns);
    // A mapping just made (a drop, Enter, Auto-map) becomes the selected one, so its detail
    // shows below; the keyboard focus stays where it was.
    connect(m_document, &MappingDocument::mappingsChanged, this, [this] {
        QStringList targets;
        for (const FieldMapping& m : m_document->sync().mappings)
            targets << m.target;
        QString made;
        for (const QString& t : targets) {
            if (!m_knownTargets.contains(t)) {
                made = t;
                break;
            }
        }
        const bool sameSync = !m_knownTargets.isEmpty() || targets.size() <= 1;
        m_knownTargets = targets;
        if (made.isEmpty() || !sameSync)
            return;
        if (const QModelIndex index = m_mappingsModel->indexOfTarget(made); index.isValid()) {
            m_autoSelected = false;
            m_mappings->selectRow(index.row());
            m_mappings->scrollTo(index);
        }
    });
    connect(m_document, &MappingDocument::syncReset, this, [this] {
        m_knownTargets.clear();
        for (const FieldMapping& m : m_document->sync().mappings)
            m_knownTargets << m.target;
    });
    // The state says the most: it stands next to the field, and the sample (the widest) is last.
    m_mappings->horizontalHeader()->moveSection(MappingListModel::StatusColumn, MappingListModel::TargetColumn + 1);
    connect(m_document, &MappingDocument::schemaChanged, this, [this] {
        m_fields->resizeColumnsToContents();
        for (int c = 0; c < m_fields->model()->columnCount(); ++c) // long rules: tooltips
            m_fields->setColumnWidth(c, std::min(m_fields->columnWidth(c), 170));
        fitMappingColumns();
        updateHints();
        selectFirstProblem();
    });
    connect(m_document, &MappingDocument::syncReset, this, [this] {
        m_autoSelected = true;
        updateHints();
    });
    // A row the user picks stays picked; until then the first problem is shown (and follows
    // the states as the schema and the sample arrive).
    for (QTableView* view : {m_columns, m_mappings, m_fields})
        connect(view, &QAbstractItemView::pressed, this, [this] { m_autoSelected = false; });
    connect(m_document, &MappingDocument::sampleChanged, this, [this] {
        m_columns->resizeColumnsToContents();
        updateHints();
        selectFirstProblem();
    });
    // Apply Fix follows the selected mapping and what its sample says.
    connect(m_mappingsModel, &QAbstractItemModel::modelReset, this, &MappingStep::updateFixButton);
    connect(m_mappingsModel, &QAbstractItemModel::dataChanged, this, &MappingStep::updateFixButton);
    for (QTableView* view : {m_mappings, m_fields})
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MappingStep::updateFixButton);
    // A selected mapping selects its column and field, so what it joins is visible.
    connect(m_mappings->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            const QString target = current.data(StudioRoles::IdRole).toString();
            if (const QModelIndex field = m_fieldsModel->indexOfField(target); field.isValid())
                m_fields->selectRow(field.row());
            if (const FieldMapping* mapping = m_document->mappingFor(target); mapping && !mapping->source.isEmpty()) {
                if (const QModelIndex column = m_columnsModel->indexOfColumn(mapping->source); column.isValid())
                    m_columns->selectRow(column.row());
            }
            m_detail->setTarget(target);
        });
    // A selected field shows its mapping, or lets one be made from a constant or a template.
    connect(
        m_fields->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (!current.isValid())
                return;
            const QString field = current.data(StudioRoles::IdRole).toString();
            // The panes agree: a mapped field selects its mapping (and so its column); an
            // unmapped one leaves the column chosen for it (the keyboard path maps the two).
            if (const QModelIndex mapping = m_mappingsModel->indexOfTarget(field);
                mapping.isValid() && m_document->mappingFor(field))
                m_mappings->selectRow(mapping.row());
            else
                m_mappings->clearSelection();
            m_detail->setTarget(field);
        });
    updateHints();
}

QString MappingStep::selectedColumn() const
{
    const QModelIndexList rows = m_columns->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(StudioRoles::IdRole).toString();
}

QString MappingStep::selectedField() const
{
    const QModelIndexList rows = m_fields->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(StudioRoles::IdRole).toString();
}

QString MappingStep::selectedMappingTarget() const
{
    const QModelIndexList rows = m_mappings->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        return rows.first().data(StudioRoles::IdRole).toString();
    const QString field = selectedField();
    return m_document->mappingFor(field) ? field : QString();
}

void MappingStep::say(const QString& message)
{
    m_message->setText(message);
}

bool MappingStep::mapSelected()
{
    const QString column = selectedColumn();
    const QString field = selectedField();
    if (column.isEmpty() || field.isEmpty()) {
        say(tr("Select a column on the left and a field on the right, then press Enter (or drag one onto the other)."));
        return false;
    }
    const QModelIndex fieldIndex = m_fieldsModel->indexOfField(field);
    if (fieldIndex.data(DestinationFieldsModel::ReadOnlyRole).toBool()) {
        say(tr("%1 is read-only: the destination sets it.").arg(field));
        return false;
    }
    m_undoStack->push(new MapColumnCommand(m_document, column, field));
    say(tr("Mapped %1 → %2.").arg(column, field));
    return true;
}

void MappingStep::unmapSelected()
{
    const QString target = selectedMappingTarget();
    if (target.isEmpty() || !m_document->mappingFor(target))
        return;
    m_undoStack->push(new UnmapCommand(m_document, target));
}

void MappingStep::autoMap()
{
    AutoMapDialog dialog(AutoMapper::propose(*m_document), this);
    if (dialog.exec() == QDialog::Accepted)
        AutoMapper::apply(m_undoStack, m_document, dialog.accepted());
}

void MappingStep::addTransform(const QString& transform)
{
    m_detail->setTarget(selectedMappingTarget());
    m_detail->addTransform(QJsonValue(transform));
}

// Apply Fix is on only where it has a fix to apply: a type mismatch of the selected mapping's
// sample. It fixes nothing else (a value the destination refuses, a Preview's problems).
void MappingStep::updateFixButton()
{
    const QModelIndex row = m_mappingsModel->indexOfTarget(selectedMappingTarget());
    const bool fixable = row.isValid()
        && (!row.data(MappingListModel::SuggestionRole).toString().isEmpty()
            || row.data(MappingListModel::RemovalRole).toInt() >= 0);
    m_fix->setEnabled(fixable);
    m_fix->setToolTip(fixable ? tr("Add the transform that makes the sample fit the field's type, or remove the one "
                                   "that breaks it")
                              : tr("Nothing to fix here: Apply Fix mends a sample whose type does not fit the field. "
                                   "A value the destination refuses is fixed in the data, or in the query."));
}

void MappingStep::applySuggestion()
{
    const QModelIndex row = m_mappingsModel->indexOfTarget(selectedMappingTarget());
    const QString suggestion = row.data(MappingListModel::SuggestionRole).toString();
    const int removal = row.isValid() ? row.data(MappingListModel::RemovalRole).toInt() : -1;
    if (suggestion.isEmpty() && removal >= 0) {
        // A transform made the value the wrong type (a dateFormat on a date field): the fix
        // is to remove it, as the status says.
        m_undoStack->push(new RemoveTransformCommand(m_document, row.data(StudioRoles::IdRole).toString(), removal));
        return;
    }
    if (suggestion.isEmpty()) {
        say(tr("The selected mapping needs no fix."));
        return;
    }
    // As the file writes it: a name ("date") or an object ({"datetime": {…}}).
    const QJsonValue transform = suggestion.startsWith(QLatin1Char('{'))
        ? QJsonValue(QJsonDocument::fromJson(suggestion.toUtf8()).object())
        : QJsonValue(suggestion);
    m_undoStack->push(new AddTransformCommand(m_document, row.data(StudioRoles::IdRole).toString(), transform));
}

void MappingStep::showPreview(const PreviewRunner::Preview* preview)
{
    QHash<QString, MappingListModel::RuleCounts> byField;
    QHash<QString, QString> notes;
    qint64 keyProblems = 0;
    qint64 problems = 0;
    const QHash<QString, QHash<RejectRule, qint64>> none;
    const auto& found = preview ? preview->rejectsByField : none;
    for (auto it = found.cbegin(); it != found.cend(); ++it) {
        // A NULL or repeated key is the query's to fix, not a mapping's: the heading says it.
        QHash<RejectRule, qint64> rules;
        for (auto rule = it->cbegin(); rule != it->cend(); ++rule) {
            problems += rule.value();
            (isKeyRule(rule.key()) ? keyProblems : rules[rule.key()]) += rule.value();
        }
        if (rules.isEmpty())
            continue;
        const MappingListModel::RuleCounts counts = rulesByCount(rules);
        QString note = tr("The last Preview read %1 rows: %2 has %3 (%4) among them.")
                           .arg(preview->counts.queried)
                           .arg(it.key(), MappingListModel::problemsText(counts), MappingListModel::rulesText(counts));
        if (const QString example = firstListedProblem(*preview, it.key()); !example.isEmpty())
            note += QLatin1Char(' ') + tr("The first listed: %1.").arg(example);
        notes.insert(it.key(), note);
        byField.insert(it.key(), counts);
    }
    m_detail->setPreviewNotes(std::move(notes));
    m_mappingsModel->setPreviewRejects(std::move(byField));
    QString hint = !preview ? tr("checked on the first rows only; Preview (F6) checks every row")
        : preview->counts.rejected == 0
        ? tr("checked on the first rows; the last Preview rejected none of %1 rows").arg(preview->counts.queried)
        : tr("checked on the first rows; the last Preview rejected %1 of %2 rows, with %3 problems (a row may "
             "break several rules): Status says on which field")
              .arg(preview->counts.rejected)
              .arg(preview->counts.queried)
              .arg(problems);
    if (keyProblems > 0)
        hint += tr("; %1 are the key's (NULL or repeated), which the query must fix").arg(keyProblems);
    m_mappingsHeading->setText(headingText(tr("Mappings"), hint));
}

// With nothing selected, the first mapping in trouble (else the first) is shown below, so the
// detail panel says what is wrong without a click.
void MappingStep::selectFirstProblem()
{
    if ((m_mappings->selectionModel()->hasSelection() && !m_autoSelected) || m_mappingsModel->rowCount() == 0)
        return;
    int row = 0;
    for (int r = 0; r < m_mappingsModel->rowCount(); ++r) {
        const QString state = m_mappingsModel->index(r, 0).data(StudioRoles::StateNameRole).toString();
        if (state != QLatin1String("ok") && state != QLatin1String("unchecked")) {
            row = r;
            break;
        }
    }
    m_mappings->selectRow(row);
    m_autoSelected = true;
}

// The mapping table's columns grow to their longest name (capped; long templates and samples
// have tooltips) and never shrink as mappings come and go, so nothing jumps while editing;
// the sample, last, takes the rest.
void MappingStep::fitMappingColumns()
{
    const int padding = 2 * m_mappings->fontMetrics().averageCharWidth();
    const std::pair<int, int> caps[]
        = {{MappingListModel::SourceColumn, 170}, {MappingListModel::TransformsColumn, 110},
            {MappingListModel::TargetColumn, 140}, {MappingListModel::StatusColumn, 150}};
    for (const auto& [column, cap] : caps) {
        const int wanted = std::min(cap,
            std::max(static_cast<QAbstractItemView*>(m_mappings)->sizeHintForColumn(column),
                m_mappings->horizontalHeader()->sectionSizeHint(column))
                + padding);
        if (wanted > m_mappings->columnWidth(column))
            m_mappings->setColumnWidth(column, wanted);
    }
}

void MappingStep::updateHints()
{
    const QStringList missing = m_fieldsModel->requiredUnmapped();
    if (missing.isEmpty()) {
        m_required->clear();
        m_required->hide();
    } else {
        m_required->setText((missing.size() == 1
                ? tr("<b>Required, not mapped:</b> %1 — every record would be rejected until it is.")
                : tr("<b>Required, not mapped:</b> %1 — every record would be rejected until they are."))
                                .arg(missing.join(QStringLiteral(", ")).toHtmlEscaped()));
        m_required->show();
    }
}

} // namespace Ebb
