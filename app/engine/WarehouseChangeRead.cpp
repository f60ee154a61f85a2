#include "WarehouseChangeRead.h"

#include <QCryptographicHash>

namespace Ebb {

WarehouseChangeRead::WarehouseChangeRead(const SyncSpec& sync, QList<Column> described)
    : m_sync(sync)
    , m_described(std::move(described))
{
}

Result<QString> WarehouseChangeRead::stateTableName(
    const Workspace& workspace, const SyncSpec& sync, const Journal& journal)
{
    // The state belongs to this journal (its instance name): a copy of the workspace, or a
    // journal made anew, starts a state of its own rather than trusting another's.
    auto instance = journal.instance();
    if (!instance)
        return instance.error();
    const QString tail = QLatin1Char('.') + instance->left(8);
    QString name = (workspace.name.isEmpty() ? QStringLiteral("ebb") : workspace.name) + QLatin1Char('.') + sync.id;
    if ((name + tail).toUtf8().size() <= 63)
        return name + tail;
    // Cut, and told apart from other cut names by a hash of the whole.
    const QString hash = QLatin1Char('~')
        + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1).toHex().left(6));
    while ((name + hash + tail).toUtf8().size() > 63)
        name.chop(1);
    return name + hash + tail;
}

Result<std::unique_ptr<WarehouseChangeRead>> WarehouseChangeRead::open(const Workspace& workspace, const SyncSpec& sync,
    const Journal& journal, WarehouseConnector& warehouse, const QList<Column>& described, quint64 fingerprint,
    bool everything, const Logger& log)
{
    const ConnectionSpec* source = workspace.connection(sync.sourceConnection);
    QString schema = source ? source->string(QStringLiteral("stateSchema")) : QString();
    if (schema.isEmpty())
        schema = QStringLiteral("ebb_state");
    auto table = stateTableName(workspace, sync, journal);
    if (!table)
        return table.error();
    std::unique_ptr<WarehouseChangeRead> read(new WarehouseChangeRead(sync, described));
    auto state = warehouse.changeState(sync.query, described, sync.primaryKey, schema, *table);
    if (!state)
        return state.error();
    read->m_state = std::move(*state);
    // A key the warehouse proves unique needs no search for repeated keys.
    read->m_keyIsUnique = !warehouse.uniqueKeyIndex(sync.query, sync.primaryKey).isEmpty();
    read->m_merge = everything || read->m_state->wasEmpty();
    log(LogLevel::Info,
        QStringLiteral("%1 rows the warehouse finds added or changed against %2%3")
            .arg(everything ? QStringLiteral("reading every row (a full run), not only the")
                            : QStringLiteral("reading only the"),
                read->m_state->name(),
                read->m_keyIsUnique ? QString() : QStringLiteral(", and every row of a repeated key")));
    // The rows' hashes are seeded by the mapping: a mapping that changed finds every row changed.
    auto rows = warehouse.openChanges(
        sync.query, described, sync.primaryKey, *read->m_state, qint64(fingerprint), everything, read->m_keyIsUnique);
    if (!rows)
        return rows.error();
    read->m_rows = std::move(*rows);
    return read;
}

void WarehouseChangeRead::adjust(DiffStage::Settings& settings) const
{
    settings.sourceHashColumn = int(m_described.size()); // the hash follows the query's columns
    settings.stateKnownColumn = settings.sourceHashColumn + 1;
    settings.removalsElsewhere = !m_merge;
}

void WarehouseChangeRead::countQuery(RunCounts& counts) const
{
    if (!m_queryRows || *m_queryRows < counts.queried)
        return; // every row left the warehouse, or the query changed while it ran
    counts.transferred = counts.queried;
    counts.unchanged += *m_queryRows - counts.queried;
    counts.queried = *m_queryRows;
}

Result<void> WarehouseChangeRead::removeLeftKeys(
    WarehouseConnector& warehouse, KeyCodec::Order order, DiffStage& diff, const std::atomic_bool* cancel)
{
    // Every row was read (a first or full run): the merge with the journal found the keys
    // that left, as a local run does; the state only forgets the ones it holds.
    if (m_merge && m_state->wasEmpty())
        return {};
    // The query's rows are counted, for the run's report (most of them never left the
    // warehouse). With a key proved unique, the count also tells whether any key left: the
    // query's keys less those new to the state are the state's keys it still has. Equal to
    // what the state held, none left, and the search (a second pass over the query) is spared.
    if (!m_merge) {
        auto counted = warehouse.rowCount(m_sync.query, m_described, m_sync.primaryKey);
        if (!counted)
            return counted.error();
        m_queryRows = counted->rows;
        if (m_keyIsUnique && counted->keyed - diff.newToState() == m_state->keysAtOpen())
            return {};
    }
    auto stream = warehouse.openRemovedKeys(m_sync.query, m_described, m_sync.primaryKey, *m_state);
    if (!stream)
        return stream.error();
    for (;;) {
        if (cancel && cancel->load())
            return {}; // the keys not seen yet are found again next run
        auto batch = (*stream)->next(5000);
        if (!batch)
            return batch.error();
        if (batch->rowCount() == 0)
            return {};
        for (int r = 0; r < batch->rowCount(); ++r) {
            const std::optional<QByteArray> key = KeyCodec::encode(order, batch->at(r, 0));
            if (!key)
                continue;
            if (!m_merge) {
                auto known = diff.removeKey(*key);
                if (!known)
                    return known.error();
                if (*known)
                    continue;
            }
            // After a merge, or a key the journal does not know: nothing to delete anywhere.
            m_state->forget(KeyCodec::text(*key));
        }
    }
}

} // namespace Ebb
