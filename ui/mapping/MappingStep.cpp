#include "MappingStep.h"

#include "AutoMapDialog.h"
#include "StateDelegate.h"
#include "models/mapping/Template.h"
#include "models/studio/DestinationFieldsModel.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/MappingListModel.h"
#include "models/studio/SourceColumnsModel.h"
#include "models/studio/commands/AddTransformCommand.h"
#include "models/studio/commands/MapColumnCommand.h"
#include "models/studio/commands/RemoveTransformCommand.h"
#include "models/studio/commands/SetTemplateCommand.h"
#include "models/studio/commands/UnmapCommand.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace Ebb {

namespace {

QTableView* paneView(QAbstractItemModel* model, int decoratedColumn, const QString& name)
{
    auto* view = new QTableView;
    view->setObjectName(name);
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

QWidget* pane(const QString& title, const QString& hint, QWidget* view)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* heading = new QLabel(QStringLiteral("<b>%1</b> <span style='color:palette(mid)'>%2</span>")
                                   .arg(title.toHtmlEscaped(), hint.toHtmlEscaped()));
    layout->addWidget(heading);
    layout->addWidget(view, 1);
    return box;
}

} // namespace

MappingStep::MappingStep(MappingDocument* document, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_undoStack(undoStack)
    , m_columnsModel(new SourceColumnsModel(document, undoStack, this))
    , m_mappingsModel(new MappingListModel(document, undoStack, this))
    , m_fieldsModel(new DestinationFieldsModel(document, undoStack, this))
    , m_columns(paneView(m_columnsModel, SourceColumnsModel::NameColumn, QStringLiteral("sourceColumns")))
    , m_mappings(paneView(m_mappingsModel, MappingListModel::StatusColumn, QStringLiteral("mappings")))
    , m_fields(paneView(m_fieldsModel, 0, QStringLiteral("destinationFields")))
    , m_required(new QLabel)
    , m_message(new QLabel)
    , m_template(new QLineEdit)
{
    m_required->setObjectName(QStringLiteral("requiredUnmapped"));
    m_required->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("mappingMessage"));
    m_message->setWordWrap(true);
    m_template->setObjectName(QStringLiteral("templateEdit"));
    m_template->setPlaceholderText(
        tr("Template for the selected field, e.g. {{first_name}} {{last_name}} — Enter sets it"));

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(pane(tr("Columns"), tr("drag onto a field"), m_columns));
    splitter->addWidget(pane(tr("Mappings"), tr("live sample of the first row"), m_mappings));
    splitter->addWidget(pane(tr("Fields"), tr("* required"), m_fields));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 5);
    splitter->setStretchFactor(2, 3);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({330, 520, 400});

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
    auto* fix = button(tr("Apply Fix"), tr("Add the transform that makes the sample fit the field's type"),
        [this] { applySuggestion(); });
    auto* transforms = new QToolButton;
    transforms->setText(tr("Add Transform"));
    transforms->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(transforms);
    for (const char* name : {"trim", "lower", "upper", "number", "integer", "bool", "date", "datetime"}) {
        const QString transform = QLatin1String(name);
        menu->addAction(transform, this, [this, transform] { addTransform(transform); });
    }
    menu->addSeparator();
    menu->addAction(tr("Remove Last Transform"), this, [this] { removeLastTransform(); });
    transforms->setMenu(menu);

    auto* buttons = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{mapButton, unmap, autoMapButton, transforms, fix})
        buttons->addWidget(w);
    buttons->addWidget(m_template, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_required);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    connect(m_template, &QLineEdit::returnPressed, this, [this] { setTemplateForSelectedField(m_template->text()); });
    // The template is checked as it is typed; an error names its column and the cursor goes there.
    connect(m_template, &QLineEdit::textEdited, this, [this](const QString& text) {
        if (text.isEmpty()) {
            m_template->setStyleSheet(QString());
            say(QString());
            return;
        }
        const auto parsed = Template::parse(text);
        m_template->setStyleSheet(parsed ? QString() : QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
        say(parsed ? tr("Template fine: it uses %1.").arg(parsed->columns().join(QStringLiteral(", ")))
                   : tr("Template: %1").arg(parsed.error().message));
        static const QRegularExpression column(QStringLiteral("column (\\d+)"));
        if (const auto match = column.match(parsed ? QString() : parsed.error().message); match.hasMatch())
            m_template->setCursorPosition(match.captured(1).toInt() - 1);
    });
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
    // The state says the most: it stands next to the field, and the sample (the widest) is last.
    m_mappings->horizontalHeader()->moveSection(MappingListModel::StatusColumn, MappingListModel::TargetColumn + 1);
    connect(m_document, &MappingDocument::schemaChanged, this, [this] {
        for (QTableView* view : {m_fields, m_mappings}) {
            view->resizeColumnsToContents();
            for (int c = 0; c < view->model()->columnCount(); ++c)
                view->setColumnWidth(c, std::min(view->columnWidth(c), 170)); // long templates and samples: tooltips
        }
        updateHints();
    });
    connect(m_document, &MappingDocument::syncReset, this, &MappingStep::updateHints);
    connect(m_document, &MappingDocument::sampleChanged, this, [this] {
        m_columns->resizeColumnsToContents();
        updateHints();
    });
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
            m_template->setText(
                m_document->mappingFor(target) ? m_document->mappingFor(target)->templateText : QString());
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
    const QString target = selectedMappingTarget();
    if (target.isEmpty()) {
        say(tr("Select a mapping to add a transform to."));
        return;
    }
    m_undoStack->push(new AddTransformCommand(m_document, target, QJsonValue(transform)));
}

void MappingStep::removeLastTransform()
{
    const QString target = selectedMappingTarget();
    const FieldMapping* mapping = m_document->mappingFor(target);
    if (!mapping || mapping->transforms.isEmpty())
        return;
    m_undoStack->push(new RemoveTransformCommand(m_document, target, int(mapping->transforms.size()) - 1));
}

void MappingStep::applySuggestion()
{
    const QModelIndex row = m_mappingsModel->indexOfTarget(selectedMappingTarget());
    const QString suggestion = row.data(MappingListModel::SuggestionRole).toString();
    if (suggestion.isEmpty()) {
        say(tr("The selected mapping needs no fix."));
        return;
    }
    const QJsonDocument parsed = QJsonDocument::fromJson("[" + suggestion.toUtf8() + "]");
    m_undoStack->push(
        new AddTransformCommand(m_document, row.data(StudioRoles::IdRole).toString(), parsed.array().at(0)));
}

void MappingStep::setTemplateForSelectedField(const QString& text)
{
    const QString field = selectedField().isEmpty() ? selectedMappingTarget() : selectedField();
    if (field.isEmpty()) {
        say(tr("Select the field the template fills."));
        return;
    }
    m_undoStack->push(new SetTemplateCommand(m_document, field, text));
}

void MappingStep::updateHints()
{
    const QStringList missing = m_fieldsModel->requiredUnmapped();
    if (missing.isEmpty()) {
        m_required->clear();
        m_required->hide();
    } else {
        m_required->setText(tr("<b>Required, not mapped:</b> %1 — every record would be rejected until they are.")
                                .arg(missing.join(QStringLiteral(", ")).toHtmlEscaped()));
        m_required->show();
    }
}

} // namespace Ebb
