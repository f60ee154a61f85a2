#include "NewSyncDialog.h"

#include "app/studio/SchemaFetcher.h"
#include "models/ConnectionKinds.h"
#include "ui/ComboItems.h"
#include "ui/Tones.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>

namespace Ebb {

NewSyncDialog::NewSyncDialog(const Workspace& workspace, bool trusted, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_id(new QLineEdit)
    , m_source(new QComboBox)
    , m_destination(new QComboBox)
    , m_object(new QComboBox)
    , m_problem(new QLabel)
{
    setWindowTitle(tr("New Sync"));
    setObjectName(QStringLiteral("newSyncDialog"));
    m_id->setObjectName(QStringLiteral("newSyncId"));
    m_id->setPlaceholderText(tr("e.g. scores-to-crm (the file is syncs/<id>.json)"));
    m_object->setObjectName(QStringLiteral("newSyncObject"));
    m_object->setEditable(true);
    m_object->setInsertPolicy(QComboBox::NoInsert);
    m_object->lineEdit()->setPlaceholderText(tr("the table or object to write, e.g. contacts"));
    m_source->setObjectName(QStringLiteral("newSyncSource"));
    m_destination->setObjectName(QStringLiteral("newSyncDestination"));
    for (const auto& c : workspace.connections) {
        const ConnectionKind* kind = ConnectionKinds::find(c.kind);
        const QString label = QStringLiteral("%1 (%2)").arg(c.id, c.kind);
        if (kind && kind->warehouse)
            m_source->addItem(label, c.id);
        if (kind && kind->destination)
            m_destination->addItem(label, c.id);
    }
    // Start from what the workspace's syncs read and write most: usually the warehouse and the CRM.
    QHash<QString, int> sources, destinations;
    for (const SyncSpec& s : workspace.syncs) {
        ++sources[s.sourceConnection];
        ++destinations[s.destinationConnection];
    }
    const auto pickMost = [](QComboBox* box, const QHash<QString, int>& uses) {
        int best = -1;
        for (int i = 0; i < box->count(); ++i) {
            if (best < 0 || uses.value(box->itemData(i).toString()) > uses.value(box->itemData(best).toString()))
                best = i;
        }
        box->setCurrentIndex(best);
    };
    pickMost(m_source, sources);
    pickMost(m_destination, destinations);
    m_problem->setStyleSheet(Tones::errorText(palette()));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Id:"), m_id);
    form->addRow(tr("Reads from:"), m_source);
    form->addRow(tr("Writes to:"), m_destination);
    form->addRow(tr("Object:"), m_object);
    form->addRow(m_problem);
    form->addRow(buttons);
    const auto check = [this, buttons] {
        validate();
        buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem->text().isEmpty());
    };
    connect(m_id, &QLineEdit::textChanged, this, check);
    connect(m_destination, &QComboBox::currentIndexChanged, this, check);
    connect(m_object, &QComboBox::currentTextChanged, this, check);
    // The destination's objects, as `ebb-cli schema <connection>` lists them, to pick from.
    if (trusted) {
        m_fetcher = new SchemaFetcher(this);
        const auto listObjects = [this] {
            SyncSpec probe;
            probe.destinationConnection = m_destination->currentData().toString();
            m_objectsGeneration = m_fetcher->fetchObjects(m_workspace, probe);
        };
        connect(m_fetcher, &SchemaFetcher::objectsReady, this, [this](quint64 generation, const QStringList& objects) {
            if (generation == m_objectsGeneration)
                replaceItems(m_object, objects);
        });
        connect(m_destination, &QComboBox::currentIndexChanged, this, listObjects);
        listObjects();
    }
    check();
    resize(520, sizeHint().height());
}

void NewSyncDialog::validate()
{
    static const QRegularExpression idShape(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    const QString id = m_id->text().trimmed();
    QString problem;
    if (id.isEmpty())
        problem = tr("Give the sync an id.");
    else if (!idShape.match(id).hasMatch())
        problem = tr("An id is letters, digits, '-', '_' and '.', starting with a letter or digit.");
    else if (m_workspace.sync(id))
        problem = tr("A sync \"%1\" exists already.").arg(id);
    else if (m_source->count() == 0)
        problem = tr("The workspace has no warehouse connection to read from.");
    else if (m_destination->count() == 0)
        problem = tr("The workspace has no destination connection to write to.");
    else if (m_object->currentText().trimmed().isEmpty()
        && (m_destination->currentText().endsWith(QLatin1String("(sqlite)"))
            || m_destination->currentText().endsWith(
                QLatin1String("(postgres)")))) // a table destination needs its table
        problem = tr("Name the table to write to.");
    m_problem->setText(problem);
}

SyncSpec NewSyncDialog::sync() const
{
    SyncSpec sync;
    sync.id = m_id->text().trimmed();
    sync.sourceConnection = m_source->currentData().toString();
    sync.destinationConnection = m_destination->currentData().toString();
    sync.object = m_object->currentText().trimmed();
    sync.query = QStringLiteral("SELECT *\nFROM ");
    return sync;
}

} // namespace Ebb
