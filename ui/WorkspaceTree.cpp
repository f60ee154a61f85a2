#include "WorkspaceTree.h"

#include "StudioIcons.h"
#include "ui/Tones.h"

#include <QBrush>
#include <QHeaderView>
#include <QMenu>

namespace Ebb {

namespace {

constexpr int kindRole = Qt::UserRole + 1;
constexpr int idRole = Qt::UserRole + 2;

} // namespace

WorkspaceTree::WorkspaceTree(QWidget* parent)
    : QTreeWidget(parent)
{
    setAccessibleName(tr("Workspace: connections and syncs"));
    setColumnCount(2);
    setHeaderLabels({tr("Name"), tr("Kind")});
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(false);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QTreeWidgetItem* item = itemAt(at);
        if (item)
            setCurrentItem(item);
        const bool onSyncs = item && (item == m_syncs || item->parent() == m_syncs);
        const QList<QAction*>& actions = onSyncs ? m_onSyncs : m_onConnections;
        if (!actions.isEmpty())
            QMenu::exec(actions, viewport()->mapToGlobal(at), nullptr, this);
    });
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (item && item->parent() == m_connections)
            Q_EMIT connectionActivated(item->data(0, idRole).toString());
    });
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || !item->data(0, kindRole).isValid())
            return;
        const auto kind = ItemKind(item->data(0, kindRole).toInt());
        const QString id = item->data(0, idRole).toString();
        if (kind == ItemKind::Connection)
            Q_EMIT connectionSelected(id);
        else
            Q_EMIT syncSelected(id);
    });
}

void WorkspaceTree::setWorkspace(const Workspace& workspace)
{
    m_unsaved = nullptr; // cleared with the rest
    clear();
    m_connections = new QTreeWidgetItem(this, {tr("Connections"), QString()});
    m_syncs = new QTreeWidgetItem(this, {tr("Syncs"), QString()});
    for (auto* group : {m_connections, m_syncs}) {
        QFont font = group->font(0);
        font.setBold(true);
        group->setFont(0, font);
        group->setFlags(Qt::ItemIsEnabled);
    }
    for (const auto& connection : workspace.connections) {
        auto* item = new QTreeWidgetItem(m_connections, {connection.id, connection.kind});
        item->setData(0, kindRole, int(ItemKind::Connection));
        item->setData(0, idRole, connection.id);
        showState(item);
    }
    for (const auto& sync : workspace.syncs) {
        auto* item = new QTreeWidgetItem(m_syncs, {sync.id, syncModeName(sync.mode)});
        item->setData(0, kindRole, int(ItemKind::Sync));
        item->setData(0, idRole, sync.id);
        item->setToolTip(0, QStringLiteral("%1 → %2").arg(sync.sourceConnection, sync.destinationConnection));
    }
    // Files with problems are listed with the rest, so the user sees what is missing and why.
    const auto addBroken = [error = Tones::error(palette())](QTreeWidgetItem* group, const BrokenFile& file,
                               ItemKind kind, const QStringList& problems) {
        auto* item = new QTreeWidgetItem(group, {file.id, tr("problems")});
        item->setData(0, kindRole, int(kind));
        item->setData(0, idRole, file.id);
        item->setForeground(0, error);
        item->setForeground(1, error);
        item->setToolTip(0, problems.join(QLatin1Char('\n')));
    };
    for (const auto& file : workspace.brokenConnections)
        addBroken(m_connections, file, ItemKind::Connection, file.problems);
    for (const auto& file : workspace.brokenSyncs) {
        if (!workspace.sync(file.id))
            addBroken(m_syncs, file, ItemKind::Sync, workspace.syncProblems(file.id));
    }
    expandAll();
}

void WorkspaceTree::setContextActions(QList<QAction*> onConnections, QList<QAction*> onSyncs)
{
    m_onConnections = std::move(onConnections);
    m_onSyncs = std::move(onSyncs);
}

void WorkspaceTree::setConnectionState(const QString& id, bool ok, const QString& text)
{
    m_states.insert(id, State{ok, text});
    for (int i = 0; m_connections && i < m_connections->childCount(); ++i) {
        if (m_connections->child(i)->data(0, idRole).toString() == id)
            showState(m_connections->child(i));
    }
}

QString WorkspaceTree::connectionStateName(const QString& id) const
{
    const auto it = m_states.constFind(id);
    if (it == m_states.cend())
        return QStringLiteral("untested");
    return it->ok ? QStringLiteral("ok") : QStringLiteral("failing");
}

// The icon, the kind column and the tooltip say the same: never the colour alone.
void WorkspaceTree::showState(QTreeWidgetItem* item)
{
    const QString id = item->data(0, idRole).toString();
    const QString state = connectionStateName(id);
    const State known = m_states.value(id);
    if (state == QLatin1String("ok")) {
        item->setIcon(0, StudioIcons::forName(QStringLiteral("connection-ok")));
        item->setToolTip(0, tr("%1: tested, it answered\n%2").arg(id, known.text));
    } else if (state == QLatin1String("failing")) {
        item->setIcon(0, StudioIcons::forName(QStringLiteral("connection-failing")));
        item->setToolTip(0, tr("%1: the last test failed\n%2").arg(id, known.text));
    } else {
        item->setIcon(0, StudioIcons::forName(QStringLiteral("connection-untested")));
        item->setToolTip(0, tr("%1: not tested yet — Test Connection (Ctrl+T)").arg(id));
    }
    item->setData(0, Qt::AccessibleDescriptionRole, state);
}

void WorkspaceTree::showUnsavedSync(const QString& id)
{
    if (!m_syncs)
        return;
    removeUnsaved();
    m_unsaved = new QTreeWidgetItem(m_syncs, {id, tr("unsaved")});
    m_unsaved->setData(0, kindRole, int(ItemKind::Sync));
    m_unsaved->setData(0, idRole, id);
    m_unsaved->setToolTip(0, tr("A new sync: Save (Ctrl+S) writes syncs/%1.json").arg(id));
    for (int column : {0, 1}) {
        QFont font = m_unsaved->font(column);
        font.setItalic(true);
        m_unsaved->setFont(column, font);
    }
    setCurrentItem(m_unsaved);
}

void WorkspaceTree::removeUnsaved()
{
    delete m_unsaved;
    m_unsaved = nullptr;
}

void WorkspaceTree::selectSync(const QString& id)
{
    if (!m_syncs)
        return;
    for (int i = 0; i < m_syncs->childCount(); ++i) {
        if (m_syncs->child(i)->data(0, idRole).toString() == id) {
            setCurrentItem(m_syncs->child(i));
            return;
        }
    }
}

} // namespace Ebb
