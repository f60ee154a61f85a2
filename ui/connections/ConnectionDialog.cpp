#include "ConnectionDialog.h"

#include "SecretField.h"
#include "app/studio/SchemaFetcher.h"
#include "app/workspace/JsonChecker.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceWriter.h"
#include "connectors/secrets/CredentialStore.h"
#include "models/ConnectionKinds.h"
#include "ui/Sentence.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

namespace Ebb {

namespace {

QString roleOf(const ConnectionKind& kind)
{
    if (kind.warehouse && kind.destination)
        return QObject::tr("source or destination");
    return kind.warehouse ? QObject::tr("source") : QObject::tr("destination");
}

} // namespace

ConnectionDialog::ConnectionDialog(
    const Workspace& workspace, const ConnectionSpec* existing, SchemaFetcher* asker, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_original(existing ? *existing : ConnectionSpec{})
    , m_asker(asker)
    , m_id(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_formHost(nullptr)
    , m_problems(new QLabel(this))
    , m_result(new QLabel(this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(existing ? tr("Connection %1").arg(existing->id) : tr("New Connection"));
    setMinimumWidth(620);

    m_id->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")), m_id));
    m_id->setPlaceholderText(tr("e.g. warehouse, crm — letters, digits, . _ and -"));
    m_id->setToolTip(tr("The connection's name, and its file's: connections/<name>.json. Letters, digits, "
                        "dot, underscore and hyphen; no spaces."));
    m_id->setAccessibleName(tr("Connection name"));
    for (const ConnectionKind& kind : ConnectionKinds::all())
        m_kind->addItem(tr("%1 (%2)").arg(kind.label, roleOf(kind)), kind.name);
    m_kind->setAccessibleName(tr("Kind"));
    if (existing) {
        m_id->setText(existing->id);
        m_id->setReadOnly(true);
        m_id->setToolTip(tr("Syncs name a connection by this; to rename it, rename the file and the syncs."));
        m_kind->setCurrentIndex(m_kind->findData(existing->kind));
        m_kind->setEnabled(false);
    } else {
        m_kind->setCurrentIndex(m_kind->findData(QStringLiteral("postgres")));
    }

    auto* top = new QFormLayout;
    top->addRow(tr("&Name"), m_id);
    top->addRow(tr("&Kind"), m_kind);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes to the fields in it
    m_formHost = new QWidget(scroll);
    m_form = new QFormLayout(m_formHost);
    scroll->setWidget(m_formHost);

    for (QLabel* label : {m_problems, m_result}) {
        makeSentence(label);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    m_problems->setAccessibleName(tr("Problems"));
    m_result->setAccessibleName(tr("Test result"));
    m_test->setToolTip(tr("Connects and asks something that changes nothing (Ctrl+T). A secret typed here is "
                          "kept in the keychain first."));
    // Alt+T, as the underlined T says, and Ctrl+T as the tooltip does.
    auto* testKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_T), this);
    connect(testKey, &QShortcut::activated, m_test, &QPushButton::click);
    m_scroll = scroll;

    // Test and what it found on one line, Save and Cancel below: testing is not saving.
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_result, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_problems);
    layout->addLayout(testRow);
    layout->addWidget(m_buttons);

    connect(m_id, &QLineEdit::textChanged, this, [this] {
        m_touched = true;
        refresh();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        buildForm();
        refresh();
    });
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::test);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_asker, &SchemaFetcher::tested, this,
        [this](quint64 generation, const QString& id, bool ok, const QString& text) {
            if (generation != m_testGeneration)
                return;
            showTesting(false);
            showResult(ok ? tr("✓ %1").arg(text) : tr("✗ %1").arg(text), ok);
            Q_EMIT tested(id, ok, text);
        });
    buildForm();
    refresh();
}

// Escape or Cancel after typing: what was typed is not dropped without asking.
void ConnectionDialog::reject()
{
    if (m_touched
        && QMessageBox::question(this, tr("Discard the connection?"),
               tr("Close the form and lose what you typed in it?"), QMessageBox::Discard | QMessageBox::Cancel,
               QMessageBox::Cancel)
            != QMessageBox::Discard)
        return;
    QDialog::reject();
}

void ConnectionDialog::buildForm()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    const ConnectionKind* kind = ConnectionKinds::find(m_kind->currentData().toString());
    if (!kind)
        return;
    const bool same = kind->name == m_original.kind;
    for (const SettingSpec& setting : kind->settings) {
        const QJsonValue value = same ? m_original.json.value(setting.key) : QJsonValue();
        QWidget* editor = nullptr;
        QWidget* row = nullptr;
        using T = SettingSpec::Type;
        if (setting.type == T::Secret) {
            auto* secret = new SecretField(setting.required, m_formHost);
            secret->setReference(value.toString());
            connect(secret, &SecretField::changed, this, &ConnectionDialog::edited);
            editor = secret;
        } else if (!setting.allowed.isEmpty()) {
            auto* box = new QComboBox(m_formHost);
            if (!setting.required)
                box->addItem(tr("(default)"), QString());
            for (const QString& option : setting.allowed)
                box->addItem(option, option);
            box->setCurrentIndex(std::max(0, box->findData(value.toString())));
            connect(box, &QComboBox::currentIndexChanged, this, &ConnectionDialog::edited);
            editor = box;
        } else {
            auto* edit = new QLineEdit(m_formHost);
            if (setting.type == T::Integer) {
                edit->setValidator(new QIntValidator(setting.minimum, setting.maximum, edit));
                if (value.isDouble())
                    edit->setText(QString::number(value.toInt()));
            } else if (setting.type == T::Object) {
                if (value.isObject())
                    edit->setText(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
            } else {
                edit->setText(value.toString());
            }
            edit->setPlaceholderText(setting.help);
            connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::edited);
            editor = edit;
            if (setting.key == QLatin1String("path")) {
                // A file to pick: the SQLite database to read or write, or the file a sync writes.
                row = new QWidget(m_formHost);
                auto* rowLayout = new QHBoxLayout(row);
                rowLayout->setContentsMargins(0, 0, 0, 0);
                rowLayout->addWidget(edit, 1);
                auto* browse = new QPushButton(tr("Browse…"), row);
                browse->setAccessibleName(tr("Browse for the file"));
                rowLayout->addWidget(browse);
                const bool reading = kind->name == QLatin1String("sqlite");
                connect(browse, &QPushButton::clicked, this, [this, edit, reading] {
                    const QString path = reading
                        ? QFileDialog::getOpenFileName(this, tr("SQLite database"), m_workspace.root)
                        : QFileDialog::getSaveFileName(this, tr("File to write"), m_workspace.root);
                    if (!path.isEmpty())
                        edit->setText(QDir(m_workspace.root).relativeFilePath(path).startsWith(QLatin1String(".."))
                                ? path
                                : QDir(m_workspace.root).relativeFilePath(path));
                });
            }
        }
        editor->setToolTip(setting.help);
        editor->setAccessibleName(setting.label);
        m_editors.insert(setting.key, editor);
        m_form->addRow(setting.required ? tr("%1 *").arg(setting.label) : setting.label, row ? row : editor);
    }
    // Tab goes down the form as it reads: name, kind, each field (and its Browse or source), Test, Save.
    QWidget* previous = m_kind;
    for (int row = 0; row < m_form->rowCount(); ++row) {
        QLayoutItem* item = m_form->itemAt(row, QFormLayout::FieldRole);
        QWidget* field = item ? item->widget() : nullptr;
        if (!field)
            continue;
        QList<QWidget*> stops;
        for (QWidget* child : field->findChildren<QWidget*>()) {
            if (child->focusPolicy() & Qt::TabFocus)
                stops << child;
        }
        if (stops.isEmpty())
            stops << field;
        for (QWidget* stop : std::as_const(stops)) {
            setTabOrder(previous, stop);
            previous = stop;
        }
    }
    setTabOrder(previous, m_test);
    // As tall as the form (a scroll bar only past what a small screen holds).
    m_scroll->setMinimumHeight(std::min(m_formHost->sizeHint().height() + 4, 440));
    resize(std::max(width(), 660), sizeHint().height());
}

ConnectionSpec ConnectionDialog::connection() const
{
    ConnectionSpec spec = m_original;
    spec.id = m_id->text().trimmed();
    spec.kind = m_kind->currentData().toString();
    if (spec.kind != m_original.kind)
        spec.json = QJsonObject();
    spec.json.insert(QStringLiteral("kind"), spec.kind);
    const ConnectionKind* kind = ConnectionKinds::find(spec.kind);
    if (!kind)
        return spec;
    for (const SettingSpec& setting : kind->settings) {
        QWidget* editor = m_editors.value(setting.key);
        QJsonValue value;
        if (auto* secret = qobject_cast<SecretField*>(editor)) {
            if (!secret->reference().isEmpty())
                value = secret->reference();
        } else if (auto* box = qobject_cast<QComboBox*>(editor)) {
            if (!box->currentData().toString().isEmpty())
                value = box->currentData().toString();
        } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
            const QString text = edit->text().trimmed();
            if (text.isEmpty())
                value = QJsonValue();
            else if (setting.type == SettingSpec::Type::Integer)
                value = text.toInt();
            else if (setting.type == SettingSpec::Type::Object) {
                const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
                value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(text);
            } else
                value = text;
        }
        if (value.isUndefined() || value.isNull())
            spec.json.remove(setting.key);
        else
            spec.json.insert(setting.key, value);
    }
    return spec;
}

QStringList ConnectionDialog::problems() const
{
    const ConnectionSpec spec = connection();
    QStringList problems;
    if (spec.id.isEmpty())
        problems << tr("Name the connection (letters, digits, _ . -)");
    else if (m_original.id.isEmpty() && (m_workspace.connection(spec.id) || m_workspace.brokenConnection(spec.id)))
        problems << tr("A connection named %1 exists already").arg(spec.id);
    // The loader's own checks, said with the form's labels: "Host: required field is missing".
    const QString file = QStringLiteral("connections/%1.json").arg(spec.id);
    JsonChecker checker(file);
    WorkspaceLoader::parseConnection(spec.json, spec.id.isEmpty() ? QStringLiteral("new") : spec.id, checker);
    const ConnectionKind* kind = ConnectionKinds::find(spec.kind);
    for (QString error : checker.errors()) {
        if (error.startsWith(file + QStringLiteral(": ")))
            error.remove(0, file.size() + 2);
        static const QRegularExpression path(QStringLiteral(R"(^\$\.(\w+))"));
        if (const auto m = path.match(error); m.hasMatch()) {
            const SettingSpec* setting = kind ? kind->setting(m.captured(1)) : nullptr;
            if (m.captured(1) == QLatin1String("id"))
                continue; // said above, in the form's words
            if (setting)
                error.replace(0, m.capturedLength(), setting->label);
        }
        problems << error;
    }
    // A keychain secret is kept for what it unlocks: pointing the connection elsewhere needs it again.
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        const auto* secret = qobject_cast<const SecretField*>(it.value());
        if (secret && secret->reference() == QLatin1String("keychain") && secret->typed().isEmpty()
            && m_original.json.value(it.key()).toString() == QLatin1String("keychain")
            && m_original.keychainKey(it.key()) != spec.keychainKey(it.key()))
            problems << tr("%1: type it again — the keychain keeps it for what it unlocks, and that changed")
                            .arg(ConnectionKinds::find(spec.kind)->setting(it.key())->label);
    }
    return problems;
}

void ConnectionDialog::edited()
{
    m_touched = true;
    refresh();
}

void ConnectionDialog::refresh()
{
    const QStringList found = problems();
    // Said once the user has started: a new, empty form is not a list of mistakes.
    m_problems->setText(found.join(QLatin1Char('\n')));
    m_problems->setVisible(!found.isEmpty() && (m_touched || !m_original.id.isEmpty()));
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(found.isEmpty());
    m_test->setEnabled(m_testing || (found.isEmpty() && m_asker));
}

void ConnectionDialog::showTesting(bool testing)
{
    m_testing = testing;
    m_test->setText(testing ? tr("S&top") : tr("&Test"));
    m_test->setEnabled(testing || (problems().isEmpty() && m_asker));
}

void ConnectionDialog::showResult(const QString& text, bool ok)
{
    m_result->setText(text);
    m_result->setProperty("ok", ok);
}

void ConnectionDialog::storeSecrets(std::function<void()> done)
{
    const ConnectionSpec spec = connection();
    QList<PendingSecret> pending;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        const auto* secret = qobject_cast<const SecretField*>(it.value());
        if (secret && secret->reference() == QLatin1String("keychain") && !secret->typed().isEmpty())
            pending.append({it.key(), spec.keychainKey(it.key()), secret->typed()});
    }
    storeNext(std::move(pending), std::move(done));
}

// One secret after another (the keychain's jobs answer later), then `done`.
void ConnectionDialog::storeNext(QList<PendingSecret> pending, std::function<void()> done)
{
    if (pending.isEmpty()) {
        done();
        return;
    }
    const PendingSecret one = pending.takeFirst();
    CredentialStore::write(one.key, one.secret, this,
        [this, one, pending = std::move(pending), done = std::move(done)](Result<void> stored) mutable {
            if (stored) {
                storeNext(std::move(pending), std::move(done));
                return;
            }
            // No usable keychain: say so, and offer the environment instead (never the file).
            auto* field = qobject_cast<SecretField*>(m_editors.value(one.field));
            if (field)
                field->switchToEnvironment(tr("a variable holding it, e.g. EBB_%1").arg(one.field.toUpper()));
            showTesting(false);
            m_buttons->setEnabled(true);
            showResult(tr("✗ The keychain could not keep it: %1\nChoose “Environment variable” and name a "
                          "variable that holds the secret.")
                           .arg(stored.error().message),
                false);
        });
}

// Test, or Stop while a test is under way: a server that does not answer need not be waited
// for (the test ends on its own at the connection's timeout; its answer is then dropped).
void ConnectionDialog::test()
{
    if (m_testing) {
        m_testGeneration = 0;
        showTesting(false);
        showResult(tr("Stopped: the connection was not checked."), false);
        return;
    }
    if (!problems().isEmpty() || !m_asker)
        return;
    showTesting(true);
    showResult(tr("Testing…"), true);
    const quint64 attempt = ++m_testAttempt;
    storeSecrets([this, attempt] {
        if (!m_testing || attempt != m_testAttempt)
            return; // stopped (or tested again) while the keychain kept the secrets
        const ConnectionSpec spec = connection();
        Workspace workspace = m_workspace;
        workspace.connections.removeIf([&](const ConnectionSpec& c) { return c.id == spec.id; });
        workspace.connections << spec;
        m_testGeneration = m_asker->testConnection(workspace, spec);
    });
}

void ConnectionDialog::save()
{
    if (!problems().isEmpty())
        return;
    m_buttons->setEnabled(false);
    storeSecrets([this] {
        m_buttons->setEnabled(true);
        if (auto saved = WorkspaceWriter::saveConnection(m_workspace, connection()); !saved) {
            showResult(tr("✗ %1").arg(saved.error().toString()), false);
            return;
        }
        accept();
    });
}

} // namespace Ebb
