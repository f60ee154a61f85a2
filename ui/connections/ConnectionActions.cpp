#include "ConnectionActions.h"

#include "ConnectionDialog.h"
#include "app/studio/SchemaFetcher.h"
#include "ui/WorkspaceTree.h"

#include <QAction>
#include <QFile>
#include <QMessageBox>
#include <spdlog/spdlog.h>

namespace Ebb {

ConnectionActions::ConnectionActions(WorkspaceTree* tree, QWidget* window)
    : QObject(window)
    , m_tree(tree)
    , m_window(window)
    , m_asker(new SchemaFetcher(this))
    , m_new(new QAction(tr("New &Connection…"), this))
    , m_edit(new QAction(tr("&Edit Connection…"), this))
    , m_test(new QAction(tr("&Test Connection"), this))
    , m_remove(new QAction(tr("&Remove Connection…"), this))
{
    m_new->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_edit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_test->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_remove->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    connect(m_new, &QAction::triggered, this, [this] { edit({}); });
    connect(m_edit, &QAction::triggered, this, [this] { edit(m_current); });
    connect(m_test, &QAction::triggered, this, [this] { test(m_current); });
    connect(m_remove, &QAction::triggered, this, [this] { remove(m_current); });
    connect(m_tree, &WorkspaceTree::connectionSelected, this, [this](const QString& id) {
        m_current = id;
        updateActions();
    });
    connect(m_tree, &WorkspaceTree::connectionActivated, this, [this](const QString& id) { edit(id); });
    connect(m_asker, &SchemaFetcher::tested, this, [this](quint64, const QString& id, bool ok, const QString& text) {
        m_tree->setConnectionState(id, ok, text);
        spdlog::info("connection test {}: {} {}", id.toStdString(), ok ? "ok" : "failed", text.toStdString());
        Q_EMIT message(ok ? tr("%1: %2").arg(id, text) : tr("%1 failed: %2").arg(id, text));
    });
    m_tree->setContextActions({m_new, m_edit, m_test, m_remove}, {});
    updateActions();
}

ConnectionActions::~ConnectionActions() = default;

QList<QAction*> ConnectionActions::actions() const
{
    return {m_new, m_edit, m_test, m_remove};
}

void ConnectionActions::setWorkspace(const Workspace& workspace, bool trusted)
{
    m_workspace = workspace;
    m_trusted = trusted;
    if (!m_workspace.connection(m_current))
        m_current.clear();
    updateActions();
}

void ConnectionActions::updateActions()
{
    const bool known = m_workspace.connection(m_current) != nullptr;
    m_new->setEnabled(!m_workspace.root.isEmpty());
    m_edit->setEnabled(known);
    m_test->setEnabled(known && m_trusted);
    m_test->setToolTip(m_trusted ? QString() : tr("Trust the workspace first: nothing connects until then"));
    m_remove->setEnabled(known || m_workspace.brokenConnection(m_current));
}

ConnectionDialog* ConnectionActions::edit(const QString& id)
{
    const ConnectionSpec* existing = id.isEmpty() ? nullptr : m_workspace.connection(id);
    if (!id.isEmpty() && !existing)
        return nullptr;
    auto* dialog = new ConnectionDialog(m_workspace, existing, m_trusted ? m_asker : nullptr, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionDialog::tested, m_tree, &WorkspaceTree::setConnectionState);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString saved = dialog->connection().id;
        spdlog::info("saved connection {}", saved.toStdString());
        Q_EMIT workspaceChanged(saved);
    });
    dialog->open();
    return dialog;
}

void ConnectionActions::test(const QString& id)
{
    const ConnectionSpec* connection = m_workspace.connection(id);
    if (!connection || !m_trusted)
        return;
    Q_EMIT message(tr("Testing %1…").arg(id));
    m_asker->testConnection(m_workspace, *connection);
}

void ConnectionActions::remove(const QString& id)
{
    QString file;
    const ConnectionSpec* connection = m_workspace.connection(id);
    if (connection)
        file = connection->filePath;
    else if (const BrokenFile* broken = m_workspace.brokenConnection(id))
        file = broken->file;
    if (file.isEmpty())
        return;
    QStringList users;
    for (const SyncSpec& sync : m_workspace.syncs) {
        if (sync.sourceConnection == id || sync.destinationConnection == id)
            users << sync.id;
    }
    if (!users.isEmpty()) {
        QMessageBox::information(m_window, tr("Connection in use"),
            tr("%1 is used by %2. Point those syncs elsewhere (or remove them) first.")
                .arg(id, users.join(QStringLiteral(", "))));
        return;
    }
    if (QMessageBox::question(m_window, tr("Remove connection?"),
            tr("Remove %1? Its file %2 is deleted. A secret it kept in the keychain stays there: it is kept for "
               "what it unlocks, which another workspace may use too.")
                .arg(id, file))
        != QMessageBox::Yes)
        return;
    if (!QFile::remove(file)) {
        QMessageBox::warning(m_window, tr("Cannot remove"), tr("%1 could not be deleted.").arg(file));
        return;
    }
    spdlog::info("removed connection {} ({})", id.toStdString(), file.toStdString());
    Q_EMIT workspaceChanged({});
}

} // namespace Ebb
