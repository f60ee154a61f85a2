#include "SourcePickers.h"

#include "ChangesPicker.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/commands/SetChangeFindingCommand.h"
#include "models/studio/commands/SetSettingCommand.h"
#include "ui/ComboItems.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QUndoStack>

namespace Ebb {

SourcePickers::SourcePickers(
    MappingDocument* document, QUndoStack* undoStack, std::function<bool()> editing, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_undoStack(undoStack)
    , m_key(settingPicker(QStringLiteral("primaryKeyPicker")))
    , m_cursor(settingPicker(QStringLiteral("cursorPicker")))
    , m_changes(new ChangesPicker)
    , m_editing(std::move(editing))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Primary key:")));
    layout->addWidget(m_key);
    layout->addSpacing(16);
    layout->addWidget(new QLabel(tr("Incremental cursor:")));
    layout->addWidget(m_cursor);
    layout->addSpacing(16);
    auto* changesLabel = new QLabel(tr("Find changed rows:"));
    changesLabel->setBuddy(m_changes);
    layout->addWidget(changesLabel);
    layout->addWidget(m_changes);
    layout->addStretch(1);

    connect(m_key, &QComboBox::activated, this, [this] {
        if (m_editing())
            m_undoStack->push(
                new SetSettingCommand(m_document, MappingDocument::Setting::PrimaryKey, m_key->currentText()));
    });
    connect(m_cursor, &QComboBox::activated, this, [this] {
        if (!m_editing())
            return;
        const QString cursor = m_cursor->currentIndex() <= 0 ? QString() : m_cursor->currentText();
        const QString where = cursor.isEmpty() ? m_document->setting(MappingDocument::Setting::ChangeDetection)
                                               : QStringLiteral("local");
        m_undoStack->push(new SetChangeFindingCommand(m_document, cursor, where));
    });
    connect(m_changes, &QComboBox::activated, this, [this] {
        if (m_editing())
            m_undoStack->push(
                new SetChangeFindingCommand(m_document, m_document->sync().cursorColumn, m_changes->where()));
    });
}

void SourcePickers::fill(const QStringList& columns, const Workspace& workspace)
{
    const QString key = m_document->sync().primaryKey;
    const QString cursor = m_document->sync().cursorColumn;
    m_key->clear();
    m_key->addItems(columns);
    m_key->setCurrentIndex(key.isEmpty() ? -1 : int(columns.indexOf(key)));
    m_cursor->clear();
    m_cursor->addItem(m_document->sync().changeDetection == SyncSpec::ChangeDetection::Warehouse
            ? tr("(none)") // the warehouse sends only what changed
            : tr("(none: read everything)"));
    m_cursor->addItems(columns);
    m_cursor->setCurrentIndex(cursor.isEmpty() ? 0 : std::max(0, m_cursor->findText(cursor)));
    m_changes->fill(m_document->sync(), workspace);
}

} // namespace Ebb
