#include "DestinationStep.h"

#include "models/studio/DestinationFieldsModel.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/commands/SetSettingCommand.h"
#include "ui/ComboItems.h"
#include "ui/Sentence.h"
#include "ui/mapping/StateDelegate.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>

namespace Ebb {

DestinationStep::DestinationStep(
    MappingDocument* document, QUndoStack* undoStack, DestinationFieldsModel* fieldsModel, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_undoStack(undoStack)
    , m_mode(settingPicker(QStringLiteral("modePicker")))
    , m_modeHelp(new QLabel)
    , m_matchField(settingPicker(QStringLiteral("matchFieldPicker")))
    , m_connection(new QLabel)
    , m_object(new QComboBox)
    , m_status(new QLabel)
{
    for (const SyncMode mode : allSyncModes()) {
        m_mode->addItem(syncModeName(mode), int(mode));
        m_mode->setItemData(m_mode->count() - 1, modeHelp(mode), Qt::ToolTipRole);
    }
    m_modeHelp->setObjectName(QStringLiteral("modeHelp"));
    makeSentence(m_modeHelp);
    makeSentence(m_status);
    m_status->setObjectName(QStringLiteral("schemaStatus"));
    auto* fields = new QTableView;
    fields->setObjectName(QStringLiteral("destinationSchema"));
    fields->setAccessibleName(tr("The destination's fields"));
    fields->setModel(fieldsModel); // the Mapping step's: one model over the document
    fields->setItemDelegate(new StateDelegate(0, fields));
    fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    fields->setSelectionBehavior(QAbstractItemView::SelectRows);
    fields->setAlternatingRowColors(true);
    fields->verticalHeader()->hide();
    fields->horizontalHeader()->setStretchLastSection(true);
    // Long option lists are in the tooltips: no column pushes the others out of sight, and a
    // new object starts at the left.
    connect(m_document, &MappingDocument::schemaChanged, fields, [fields] {
        fields->resizeColumnsToContents();
        for (int c = 0; c + 1 < fields->model()->columnCount(); ++c)
            fields->setColumnWidth(c, std::min(fields->columnWidth(c), 260));
        fields->scrollToTop();
        fields->horizontalScrollBar()->setValue(0);
    });

    m_object->setObjectName(QStringLiteral("objectEdit"));
    m_object->setEditable(true);
    m_object->setInsertPolicy(QComboBox::NoInsert);
    m_object->lineEdit()->setPlaceholderText(tr("the table or object to write (a table: schema.table)"));
    m_object->setToolTip(tr("The objects the connection offers (as ebb-cli schema lists them), or type a name"));
    auto* refresh = new QPushButton(tr("Refresh"));
    refresh->setToolTip(tr("Describe the object again (after a change to its table or API)"));
    connect(refresh, &QPushButton::clicked, this, &DestinationStep::refreshRequested);
    // A corrected object name is an edit, described at once (the document's settingsChanged).
    const auto objectChosen = [this] {
        if (!m_document->sync().id.isEmpty() && m_object->currentText().trimmed() != m_document->sync().object)
            m_undoStack->push(
                new SetSettingCommand(m_document, MappingDocument::Setting::Object, m_object->currentText().trimmed()));
    };
    connect(m_object->lineEdit(), &QLineEdit::editingFinished, this, objectChosen);
    connect(m_object, &QComboBox::activated, this, objectChosen);
    // A picked mode or match field is an edit like a mapping: on the undo stack.
    connect(m_mode, &QComboBox::activated, this, [this] {
        if (!m_document->sync().id.isEmpty())
            m_undoStack->push(new SetSettingCommand(
                m_document, MappingDocument::Setting::Mode, syncModeName(SyncMode(m_mode->currentData().toInt()))));
    });
    connect(m_matchField, &QComboBox::activated, this, [this] {
        if (!m_document->sync().id.isEmpty())
            m_undoStack->push(new SetSettingCommand(m_document, MappingDocument::Setting::MatchField,
                m_matchField->currentIndex() <= 0 ? QString() : m_matchField->currentText()));
    });

    auto* objectRow = new QHBoxLayout;
    objectRow->addWidget(m_object, 1);
    objectRow->addWidget(refresh);
    auto* form = new QFormLayout;
    form->addRow(tr("Connection:"), m_connection);
    form->addRow(tr("Object:"), objectRow);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_mode);
    modeRow->addWidget(m_modeHelp, 1);
    form->addRow(tr("Mode:"), modeRow);
    form->addRow(tr("Match records on:"), m_matchField);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(fields, 1);
}

void DestinationStep::openSync(const SyncSpec& sync)
{
    m_mode->setCurrentText(syncModeName(sync.mode));
    showModeHelp();
    m_connection->setText(sync.destinationConnection);
    const QSignalBlocker blocker(m_object);
    m_object->clear();
    m_object->setCurrentText(sync.object);
}

void DestinationStep::showSettings()
{
    m_mode->setCurrentText(syncModeName(m_document->sync().mode));
    showModeHelp();
    if (m_object->currentText().trimmed() != m_document->sync().object) {
        const QSignalBlocker blocker(m_object);
        m_object->setCurrentText(m_document->sync().object);
    }
}

void DestinationStep::setObjects(const QStringList& objects)
{
    replaceItems(m_object, objects);
}

void DestinationStep::setStatus(const QString& html)
{
    m_status->setText(html);
}

QString DestinationStep::modeHelp(SyncMode mode)
{
    switch (mode) {
    case SyncMode::Upsert:
        return tr("creates the records that are new and updates the ones that changed");
    case SyncMode::Update:
        return tr("updates records that exist already; a key the destination lacks fails");
    case SyncMode::Insert:
        return tr("creates new records only; records are not matched, so \"Match records on\" plays no part");
    case SyncMode::Mirror:
        return tr("as upsert, and deletes the records whose keys left the query");
    }
    return {};
}

// The mode in a line, and the match field only where a mode matches records.
void DestinationStep::showModeHelp()
{
    const SyncMode mode = m_document->sync().mode;
    m_modeHelp->setText(modeHelp(mode));
    m_matchField->setEnabled(mode != SyncMode::Insert);
}

void DestinationStep::fillPickers(bool proposeMatch)
{
    // The modes the destination takes (a file: upsert and insert); the others are greyed, and say why.
    const QList<SyncMode> modes = m_document->schema().modes;
    if (auto* items = qobject_cast<QStandardItemModel*>(m_mode->model())) {
        for (int i = 0; i < m_mode->count(); ++i) {
            const auto mode = SyncMode(m_mode->itemData(i).toInt());
            const bool taken = modes.isEmpty() || modes.contains(mode);
            items->item(i)->setEnabled(taken);
            m_mode->setItemData(i,
                taken ? modeHelp(mode)
                      : tr("%1 does not take %2: it takes %3")
                            .arg(m_document->schema().object, syncModeName(mode),
                                syncModeNames(modes).join(QStringLiteral(", "))),
                Qt::ToolTipRole);
        }
    }
    const QString match = m_document->sync().matchField;
    QStringList fields;
    // A new sync matches on a field the destination keeps unique: a required one (an email)
    // before one it fills itself (an id).
    QString identifier, requiredIdentifier;
    for (const FieldSchema& f : m_document->schema().fields) {
        fields << f.name;
        if (!f.identifier || f.readOnly)
            continue;
        if (identifier.isEmpty())
            identifier = f.name;
        if (requiredIdentifier.isEmpty() && f.required)
            requiredIdentifier = f.name;
    }
    const QString proposed = requiredIdentifier.isEmpty() ? identifier : requiredIdentifier;
    if (!match.isEmpty() && !fields.contains(match))
        fields.prepend(match);
    m_matchField->clear();
    m_matchField->addItem(tr("(the destination's key)"));
    m_matchField->addItems(fields);
    m_matchField->setCurrentIndex(match.isEmpty() ? 0 : std::max(0, m_matchField->findText(match)));
    // Setting it fills the pickers again (the document's settingsChanged), with the match set.
    if (match.isEmpty() && proposeMatch && !proposed.isEmpty())
        m_document->setSetting(MappingDocument::Setting::MatchField, proposed);
}

} // namespace Ebb
