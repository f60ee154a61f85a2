#include "MappingDetail.h"

#include "models/mapping/Template.h"
#include "models/mapping/Transform.h"
#include "models/studio/JsonText.h"
#include "models/studio/LiveSample.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/commands/AddTransformCommand.h"
#include "models/studio/commands/MapColumnCommand.h"
#include "models/studio/commands/MoveTransformCommand.h"
#include "models/studio/commands/RemoveTransformCommand.h"
#include "models/studio/commands/SetConstantCommand.h"
#include "models/studio/commands/SetTemplateCommand.h"
#include "models/studio/commands/SetTransformCommand.h"
#include "ui/Sentence.h"
#include "ui/StudioIcons.h"
#include "ui/Tones.h"

#include <QComboBox>
#include <QCompleter>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QStringListModel>
#include <QTableWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace Ebb {

namespace {

// A transform added from the menu, with a setting to start from where it needs one.
QJsonValue newTransform(const QString& name)
{
    if (name == QLatin1String("dateFormat"))
        return QJsonObject{{name, QStringLiteral("dd/MM/yyyy")}};
    if (name == QLatin1String("split") || name == QLatin1String("join"))
        return QJsonObject{{name, QStringLiteral(";")}};
    if (name == QLatin1String("default"))
        return QJsonObject{{name, QString()}};
    return name;
}

// What the setting of a transform is called, and what it holds as typed; "" for none.
QString settingName(const QString& name)
{
    if (name == QLatin1String("dateFormat"))
        return MappingDetail::tr("Pattern (Qt date format, e.g. dd/MM/yyyy):");
    if (name == QLatin1String("split") || name == QLatin1String("join"))
        return MappingDetail::tr("Separator:");
    if (name == QLatin1String("default"))
        return MappingDetail::tr("Value for NULL (JSON, or text):");
    if (name == QLatin1String("datetime"))
        return MappingDetail::tr("Time zone of timestamps without one (IANA, empty: UTC):");
    return {};
}

// A typed value: a JSON literal (42, true, null, "x") as itself, anything else as text.
QJsonValue typedValue(const QString& text)
{
    const QJsonDocument parsed = QJsonDocument::fromJson("[" + text.toUtf8() + "]");
    const QJsonArray array = parsed.array();
    return parsed.isArray() && array.size() == 1 ? array.first() : QJsonValue(text);
}

QJsonValue withSetting(const QString& name, const QString& text)
{
    if (name == QLatin1String("datetime"))
        return text.trimmed().isEmpty()
            ? QJsonValue(name)
            : QJsonValue(QJsonObject{{name, QJsonObject{{QStringLiteral("timeZone"), text.trimmed()}}}});
    if (name == QLatin1String("default"))
        return QJsonObject{{name, typedValue(text)}};
    return QJsonObject{{name, text}};
}

const char* const kindNames[] = {"column", "constant", "template"};

} // namespace

MappingDetail::MappingDetail(MappingDocument* document, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_undoStack(undoStack)
    , m_title(new QLabel)
    , m_kind(new QComboBox)
    , m_source(new QLineEdit)
    , m_sourceCheck(new QLabel)
    , m_transforms(new QListWidget)
    , m_add(new QToolButton)
    , m_remove(new QPushButton(tr("Remove")))
    , m_up(new QPushButton(tr("Up")))
    , m_down(new QPushButton(tr("Down")))
    , m_settingLabel(new QLabel)
    , m_setting(new QLineEdit)
    , m_sample(new QTableWidget(0, 4))
    , m_previewNote(new QLabel)
    , m_columnNames(new QStringListModel(this))
{
    m_title->setObjectName(QStringLiteral("mappingDetailTitle"));
    m_kind->addItems({tr("Column"), tr("Constant"), tr("Template")});
    m_kind->setAccessibleName(tr("Where the value comes from"));
    m_source->setObjectName(QStringLiteral("sourceEdit"));
    m_source->setAccessibleName(tr("Column, constant or template"));
    m_source->setClearButtonEnabled(true);
    auto* completer = new QCompleter(m_columnNames, m_source);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_source->setCompleter(completer);
    m_sourceCheck->setObjectName(QStringLiteral("sourceCheck"));
    makeSentence(m_sourceCheck);
    m_transforms->setObjectName(QStringLiteral("transformChain"));
    m_transforms->setAccessibleName(tr("Transforms, applied top to bottom"));
    m_transforms->setMaximumHeight(6 * (fontMetrics().height() + 6));
    m_transforms->setMinimumHeight(2 * (fontMetrics().height() + 6));
    m_add->setText(tr("Add"));
    m_add->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_add->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_add);
    menu->setToolTipsVisible(true);
    // What each takes and gives: a dateFormat makes text, which a date field refuses.
    const QHash<QString, QString> what{{QStringLiteral("trim"), tr("text → text without leading and trailing spaces")},
        {QStringLiteral("lower"), tr("text → lower case")}, {QStringLiteral("upper"), tr("text → upper case")},
        {QStringLiteral("number"), tr("text or number → an exact decimal number")},
        {QStringLiteral("integer"), tr("text or number → a whole number (refuses a fraction)")},
        {QStringLiteral("bool"), tr("true/false, yes/no, 1/0 → true or false")},
        {QStringLiteral("date"), tr("ISO text or a timestamp → a date (a timestamp's calendar day, UTC by default)")},
        {QStringLiteral("datetime"), tr("ISO text or a timestamp → a timestamp in UTC")},
        {QStringLiteral("dateFormat"), tr("a date or timestamp → TEXT in your pattern (dd/MM/yyyy): for text fields")},
        {QStringLiteral("default"), tr("NULL → the value you set; other values pass")},
        {QStringLiteral("split"), tr("text → a list, cut at your separator (for multi-option fields)")},
        {QStringLiteral("join"), tr("a list → text, joined with your separator")}};
    for (const QString& name : Transform::names()) {
        QAction* add = menu->addAction(name, this, [this, name] { addTransform(newTransform(name)); });
        add->setToolTip(what.value(name));
    }
    m_add->setMenu(menu);
    m_remove->setToolTip(tr("Remove the selected transform"));
    m_up->setToolTip(tr("Apply the selected transform earlier (Ctrl+Up)"));
    m_down->setToolTip(tr("Apply the selected transform later (Ctrl+Down)"));
    m_up->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    m_down->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    m_setting->setObjectName(QStringLiteral("transformSetting"));
    m_setting->setAccessibleName(tr("Setting of the selected transform"));
    m_sample->setObjectName(QStringLiteral("mappingSample"));
    m_sample->setAccessibleName(tr("What the first rows become"));
    m_sample->setHorizontalHeaderLabels({tr("Row"), tr("Source value"), tr("Sent"), tr("Check")});
    m_sample->verticalHeader()->hide();
    m_sample->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sample->setSelectionMode(QAbstractItemView::NoSelection);
    m_sample->setWordWrap(false);
    m_sample->horizontalHeader()->setStretchLastSection(true);
    m_sample->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_sample->setMaximumHeight((sampleRows + 1) * (fontMetrics().height() + 6) + 8);

    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_kind);
    sourceRow->addWidget(m_source, 1);
    // Two by two, so the panel stays short on a small screen.
    auto* chainButtons = new QGridLayout;
    chainButtons->addWidget(m_add, 0, 0);
    chainButtons->addWidget(m_remove, 0, 1);
    chainButtons->addWidget(m_up, 1, 0);
    chainButtons->addWidget(m_down, 1, 1);
    chainButtons->setRowStretch(2, 1);
    auto* chain = new QHBoxLayout;
    chain->addWidget(m_transforms, 1);
    chain->addLayout(chainButtons);
    auto* left = new QVBoxLayout;
    left->addWidget(m_title);
    left->addLayout(sourceRow);
    left->addWidget(m_sourceCheck);
    left->addLayout(chain);
    left->addWidget(m_settingLabel);
    left->addWidget(m_setting);
    makeSentence(m_settingLabel);
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("<b>What the first rows become</b>")));
    right->addWidget(m_sample);
    m_previewNote->setObjectName(QStringLiteral("previewNote"));
    makeSentence(m_previewNote);
    m_previewNote->setTextInteractionFlags(
        m_previewNote->textInteractionFlags() | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_previewNote, &QLabel::linkActivated, this, [this] { Q_EMIT previewRequested(m_target); });
    right->addWidget(m_previewNote);
    right->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);

    connect(m_source, &QLineEdit::textEdited, this, &MappingDetail::checkSource);
    connect(m_source, &QLineEdit::returnPressed, this, [this] {
        if (setSource(QLatin1String(kindNames[m_kind->currentIndex()]), m_source->text()))
            m_source->setModified(false); // applied: Ctrl+Z now undoes the edit, not the typing
    });
    m_source->installEventFilter(this);
    m_setting->installEventFilter(this);
    connect(m_kind, &QComboBox::activated, this, [this] { checkSource(m_source->text()); });
    connect(m_transforms, &QListWidget::currentRowChanged, this, &MappingDetail::refreshSetting);
    connect(m_remove, &QPushButton::clicked, this, [this] { removeTransform(currentTransform()); });
    connect(m_up, &QPushButton::clicked, this, [this] { moveTransform(currentTransform(), currentTransform() - 1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveTransform(currentTransform(), currentTransform() + 1); });
    connect(m_setting, &QLineEdit::textEdited, this,
        [this](const QString& text) { setTransformSetting(currentTransform(), text); });
    // Undo and redo change the mapping under the source box: it shows the mapping again, even
    // with the keyboard in it (typing there changes nothing until Enter).
    connect(m_undoStack, &QUndoStack::indexChanged, this, [this] {
        m_followStack = true;
        refresh();
        m_followStack = false;
    });
    for (auto signal : {&MappingDocument::mappingsChanged, &MappingDocument::sampleChanged,
             &MappingDocument::schemaChanged, &MappingDocument::syncReset})
        connect(m_document, signal, this, &MappingDetail::refresh);
    refresh();
}

void MappingDetail::setTarget(const QString& target)
{
    m_target = target;
    refresh();
}

void MappingDetail::setPreviewNotes(QHash<QString, QString> notes)
{
    m_previewNotes = std::move(notes);
    refresh();
}

int MappingDetail::currentTransform() const
{
    return m_transforms->currentRow();
}

void MappingDetail::addTransform(const QJsonValue& transform)
{
    const FieldMapping* mapping = m_document->mappingFor(m_target);
    if (!mapping) {
        Q_EMIT said(tr("Select a mapping to add a transform to."));
        return;
    }
    const int at = int(mapping->transforms.size());
    m_undoStack->push(new AddTransformCommand(m_document, m_target, transform));
    m_transforms->setCurrentRow(at);
    if (!settingName(transformLabel(transform)).isEmpty()) {
        m_setting->setFocus();
        m_setting->selectAll();
    }
}

void MappingDetail::removeTransform(int index)
{
    const FieldMapping* mapping = m_document->mappingFor(m_target);
    if (!mapping || index < 0 || index >= mapping->transforms.size())
        return;
    m_undoStack->push(new RemoveTransformCommand(m_document, m_target, index));
    m_transforms->setCurrentRow(std::min(index, m_transforms->count() - 1));
}

void MappingDetail::moveTransform(int from, int to)
{
    const FieldMapping* mapping = m_document->mappingFor(m_target);
    if (!mapping || from < 0 || to < 0 || from >= mapping->transforms.size() || to >= mapping->transforms.size())
        return;
    m_undoStack->push(new MoveTransformCommand(m_document, m_target, from, to));
    m_transforms->setCurrentRow(to);
}

bool MappingDetail::setTransformSetting(int index, const QString& text)
{
    const FieldMapping* mapping = m_document->mappingFor(m_target);
    if (!mapping || index < 0 || index >= mapping->transforms.size())
        return false;
    const QString name = transformLabel(mapping->transforms.at(index));
    const QJsonValue changed = withSetting(name, text);
    // Checked as typed; what the engine would refuse is said, and not written to the file.
    if (auto parsed = Transform::parse(changed); !parsed) {
        m_setting->setStyleSheet(Tones::errorBorder(palette(), QStringLiteral("QLineEdit")));
        Q_EMIT said(tr("%1: %2").arg(name, parsed.error().message));
        return false;
    }
    m_setting->setStyleSheet(QString());
    Q_EMIT said(QString());
    if (changed != mapping->transforms.at(index))
        m_undoStack->push(new SetTransformCommand(m_document, m_target, index, changed));
    return true;
}

bool MappingDetail::setSource(const QString& kind, const QString& text)
{
    if (m_target.isEmpty()) {
        Q_EMIT said(tr("Select a mapping or a field first."));
        return false;
    }
    if (kind == QLatin1String("column")) {
        if (columnIndex(m_document->columns(), text) < 0) {
            Q_EMIT said(tr("The query has no column %1.").arg(text));
            return false;
        }
        m_undoStack->push(new MapColumnCommand(m_document, text, m_target));
    } else if (kind == QLatin1String("constant")) {
        m_undoStack->push(new SetConstantCommand(m_document, m_target, typedValue(text)));
    } else {
        if (auto parsed = Template::parse(text); !parsed) {
            Q_EMIT said(tr("Template: %1").arg(parsed.error().message));
            static const QRegularExpression column(QStringLiteral("column (\\d+)"));
            if (const auto match = column.match(parsed.error().message); match.hasMatch() && m_source->text() == text)
                m_source->setCursorPosition(match.captured(1).toInt() - 1);
            return false;
        }
        m_undoStack->push(new SetTemplateCommand(m_document, m_target, text));
    }
    return true;
}

// Ctrl+Z in the boxes undoes the last edit of the mapping, as everywhere else in the window: a
// setting is applied as it is typed, a source once Enter sets it (typing not yet applied is
// undone by the box itself). A box's own undo would change its text behind the document's back.
bool MappingDetail::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride && (watched == m_source || watched == m_setting)) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool undoKey = key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo);
        if (undoKey && !(watched == m_source && m_source->isModified())) {
            event->ignore(); // not the box's: the window's Undo / Redo shortcut takes it
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// The source as it is typed: a template's error names its column. The cursor stays where the
// user types; Enter on a broken template takes it to the error.
void MappingDetail::checkSource(const QString& text)
{
    QString problem;
    switch (m_kind->currentIndex()) {
    case 0:
        if (!text.isEmpty() && columnIndex(m_document->columns(), text) < 0)
            problem = tr("The query has no column %1.").arg(text);
        break;
    case 1:
        break;
    default: {
        const auto parsed = Template::parse(text);
        if (!parsed) {
            problem = tr("Template: %1").arg(parsed.error().message);
        } else if (!text.isEmpty()) {
            m_sourceCheck->setText(
                tr("Template fine: it uses %1. Enter sets it.").arg(parsed->columns().join(QStringLiteral(", "))));
        }
    }
    }
    m_source->setStyleSheet(problem.isEmpty() ? QString() : Tones::errorBorder(palette(), QStringLiteral("QLineEdit")));
    if (!problem.isEmpty() || m_kind->currentIndex() != 2 || text.isEmpty())
        m_sourceCheck->setText(problem.isEmpty() ? tr("Enter sets it.") : problem);
    m_sourceCheck->setVisible(!m_sourceCheck->text().isEmpty());
}

void MappingDetail::refresh()
{
    const FieldMapping* mapping = m_document->mappingFor(m_target);
    const bool has = mapping != nullptr;
    for (QWidget* w : std::initializer_list<QWidget*>{m_transforms, m_add, m_remove, m_up, m_down, m_setting})
        w->setEnabled(has);
    m_kind->setEnabled(!m_target.isEmpty());
    m_source->setEnabled(!m_target.isEmpty());
    const QString note = m_previewNotes.value(m_target);
    m_previewNote->setText(note.isEmpty() ? QString()
                                          : note.toHtmlEscaped()
                + QStringLiteral(" <a href=\"#preview\">%1</a>").arg(tr("Show the listed ones in the Preview")));
    m_previewNote->setVisible(!note.isEmpty());
    m_title->setText(m_target.isEmpty()
            ? tr("<b>Selected mapping:</b> none — select a mapping or a field to edit it here")
            : tr("<b>Selected mapping:</b> %1 ← %2")
                  .arg(m_target.toHtmlEscaped(),
                      has ? (mapping->kind == FieldMapping::Kind::Column      ? mapping->source
                              : mapping->kind == FieldMapping::Kind::Template ? mapping->templateText
                                                                              : jsonLiteral(mapping->value))
                                .toHtmlEscaped()
                          : tr("nothing yet")));
    if (!m_source->hasFocus() || m_followStack) {
        m_kind->setCurrentIndex(has ? int(mapping->kind == FieldMapping::Kind::Column   ? 0
                                        : mapping->kind == FieldMapping::Kind::Constant ? 1
                                                                                        : 2)
                                    : 0);
        m_source->setText(!has                                  ? QString()
                : mapping->kind == FieldMapping::Kind::Column   ? mapping->source
                : mapping->kind == FieldMapping::Kind::Template ? mapping->templateText
                : mapping->value.isString()                     ? mapping->value.toString()
                                                                : jsonLiteral(mapping->value));
        m_source->setStyleSheet(QString());
        m_sourceCheck->clear();
        m_sourceCheck->hide();
    }
    QStringList columns;
    for (const Column& c : m_document->columns())
        columns << c.name;
    if (m_columnNames->stringList() != columns)
        m_columnNames->setStringList(columns);

    // Rebuilt without signals: a cleared list would pass through "no transform selected" and
    // disable the setting box under the user's typing (each keystroke is an edit).
    const int current = m_transforms->currentRow();
    const QSignalBlocker quiet(m_transforms);
    m_transforms->clear();
    if (has) {
        int step = 0;
        for (const QJsonValue& t : mapping->transforms)
            m_transforms->addItem(QStringLiteral("%1. %2").arg(++step).arg(transformText(t)));
    }
    m_transforms->setCurrentRow(std::clamp(current, 0, m_transforms->count() - 1));
    refreshSetting();

    // The first sample rows through this mapping, as the run would map and check them.
    const int rows = has ? std::min(sampleRows, m_document->sample().rowCount()) : 0;
    m_sample->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        const LiveSample live
            = LiveSample::evaluate(m_document->sync(), *mapping, m_document->sample(), m_document->schema(), r);
        const bool sent = live.state == LiveSample::State::Ok || live.state == LiveSample::State::TypeMismatch
            || live.state == LiveSample::State::Unchecked;
        const QString check = live.state == LiveSample::State::Ok ? tr("ok")
                                                                  : LiveSample::stateName(live.state)
                + (live.message.isEmpty() ? QString() : QStringLiteral(": ") + live.message);
        const QStringList texts{QString::number(r + 1),
            mapping->kind == FieldMapping::Kind::Column ? LiveSample::valueJson(live.before) : QStringLiteral("—"),
            sent ? LiveSample::valueJson(live.value) : QStringLiteral("—"), check};
        for (int c = 0; c < texts.size(); ++c) {
            auto* item = new QTableWidgetItem(texts[c]);
            item->setToolTip(texts[c]);
            m_sample->setItem(r, c, item);
        }
        m_sample->item(r, 3)->setIcon(
            StudioIcons::forName(QStringLiteral("mapping-") + LiveSample::stateName(live.state)));
    }
    m_sample->resizeColumnsToContents();
    for (int c = 1; c < 3; ++c)
        m_sample->setColumnWidth(c, std::min(m_sample->columnWidth(c), 220));
}

void MappingDetail::refreshSetting()
{
    const FieldMapping* mapping = m_document->mappingFor(m_target);
    const int index = currentTransform();
    const bool valid = mapping && index >= 0 && index < mapping->transforms.size();
    const QString name = valid ? transformLabel(mapping->transforms.at(index)) : QString();
    const QString label = settingName(name);
    m_settingLabel->setText(valid ? (label.isEmpty() ? tr("%1 has no setting.").arg(name) : label)
            : mapping && mapping->transforms.isEmpty()
            ? tr("No transforms: the value is sent as it is read. Add one to trim, convert or reformat it.")
            : tr("Select a transform to change its setting."));
    m_setting->setEnabled(!label.isEmpty());
    m_remove->setEnabled(valid);
    m_up->setEnabled(valid && index > 0);
    m_down->setEnabled(valid && index + 1 < mapping->transforms.size());
    if (!m_setting->hasFocus() || !valid || m_followStack) {
        m_setting->setText(valid ? transformSetting(mapping->transforms.at(index)) : QString());
        m_setting->setStyleSheet(QString());
    }
}

} // namespace Ebb
