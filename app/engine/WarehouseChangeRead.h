#pragma once

#include "DiffStage.h"
#include "app/journal/Journal.h"
#include "connectors/warehouse/WarehouseConnector.h"
#include "models/LogLevel.h"
#include "models/RunReport.h"
#include "models/SyncSpec.h"
#include "models/Workspace.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace Ebb {

// One run's read with change detection in the warehouse ("changeDetection": "warehouse"):
// the sync's state kept there (ChangeState), the rows the warehouse finds added or changed,
// and afterwards the keys that left the query. Everything else of the run is SyncRunner's.
class WarehouseChangeRead
{
public:
    using Logger = std::function<void(LogLevel level, const QString& text)>;

    // Opens the sync's state (made when missing) and the changed rows of `described` (the
    // query's columns): every row when `everything` (a full run).
    static Result<std::unique_ptr<WarehouseChangeRead>> open(const Workspace& workspace, const SyncSpec& sync,
        const Journal& journal, WarehouseConnector& warehouse, const QList<Column>& described, quint64 fingerprint,
        bool everything, const Logger& log);

    std::unique_ptr<RowStream> takeRows() { return std::move(m_rows); }
    ChangeState& state() { return *m_state; }
    // Most rows are coming (a first or a full run): they are merged with the journal's records,
    // which also finds the keys that left, rather than each looked up by key.
    bool mergesWithJournal() const { return m_merge; }
    // The diff's settings for these rows: where each row's hash and the state's word on its key
    // are, and who finds the keys that left.
    void adjust(DiffStage::Settings& settings) const;
    // After the rows: the keys the state holds that the query no longer returns, removed as a
    // merge would remove them (or, after a merge, only forgotten by the state).
    Result<void> removeLeftKeys(
        WarehouseConnector& warehouse, KeyCodec::Order order, DiffStage& diff, const std::atomic_bool* cancel);

    // The run's counts as of the whole query, once removeLeftKeys counted it: `queried` its
    // rows, `transferred` those that left the warehouse, and the rest unchanged.
    void countQuery(RunCounts& counts) const;
    // The state table's name: the workspace's, the sync's and the journal's, within
    // PostgreSQL's 63 bytes.
    static Result<QString> stateTableName(const Workspace& workspace, const SyncSpec& sync, const Journal& journal);

private:
    WarehouseChangeRead(const SyncSpec& sync, QList<Column> described);

    const SyncSpec& m_sync;
    QList<Column> m_described;
    std::unique_ptr<ChangeState> m_state;
    std::unique_ptr<RowStream> m_rows;
    bool m_merge = false;
    bool m_keyIsUnique = false; // the warehouse proved it
    std::optional<qint64> m_queryRows; // counted after a partial read
};

} // namespace Ebb
