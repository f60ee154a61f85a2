#include "BatchWriter.h"
#include "ChangeSpool.h"
#include "DiffStage.h"
#include "Guards.h"
#include "ReadPlan.h"
#include "SyncRunner.h"
#include "app/journal/Journal.h"

namespace Ebb {

namespace {

Error stopped(const QString& message)
{
    return Error{Error::Category::Guard, message, {}};
}

} // namespace

// A spooled run (with guards, a dry run, or a table in the file being read): the guards'
// checks once the diff has seen every row, then sending what the spool holds.

Result<void> SyncRunner::checkFreshnessColumn(const Guards& guards, const QList<Column>& columns) const
{
    if (guards.freshnessColumn.isEmpty())
        return {};
    const int at = columnIndex(columns, guards.freshnessColumn);
    if (at < 0)
        return inSyncFile(
            Error::config(QStringLiteral("$.guards.freshness.column: no column \"%1\" in the query's result")
                              .arg(guards.freshnessColumn)));
    const ValueType type = columns[at].type;
    if (type != ValueType::Date && type != ValueType::Timestamp && type != ValueType::Text)
        return inSyncFile(Error::config(
            QStringLiteral("$.guards.freshness.column: \"%1\" is %2; freshness needs a date or timestamp column")
                .arg(columns[at].name, valueTypeName(type))));
    return {};
}

Result<bool> SyncRunner::releaseSpooled(const Guards* guards, const ReadPlan& plan, const DiffStage& diff,
    WarehouseConnector& warehouse, const RunCounts& counts, ChangeSpool& spool, BatchWriter& writer)
{
    if (guards && !m_options.force) { // a dry run without guards has nothing to check
        auto violation = guardViolation(*guards, plan, diff, *m_journal, warehouse, counts);
        if (!violation)
            return violation.error();
        if (*violation)
            return stopped(**violation);
    }
    if (m_options.dryRun) {
        log(LogLevel::Info, QStringLiteral("dry run: %1 change(s) would be sent").arg(toSend(counts)));
        return false;
    }
    writer.setExpected(toSend(counts));
    if (auto sent = sendSpooled(spool, writer); !sent)
        return sent.error();
    return true;
}

Result<std::optional<QString>> SyncRunner::guardViolation(const Guards& guards, const ReadPlan& plan,
    const DiffStage& diff, const Journal& journal, WarehouseConnector& warehouse, const RunCounts& counts)
{
    auto recordCount = journal.recordCount(m_sync.id); // the circuit breaker's baseline
    if (!recordCount)
        return recordCount.error();
    std::optional<QDateTime> freshest = diff.freshest();
    RunCounts measured = counts;
    if (m_partialRead && guards.maxRejectPercent && !counts.transferred) {
        // Only the changed rows (and the rejected ones, every run) left the warehouse: the
        // share of rejects is of the query's rows, which it counts (unless it did already).
        auto rows = warehouse.rowCount(m_sync.query, m_described, m_sync.primaryKey);
        if (!rows)
            return rows.error();
        measured.queried = rows->rows;
    }
    if ((plan.incremental() || m_partialRead) && !guards.freshnessColumn.isEmpty()) {
        // An incremental read saw only some rows; ask the warehouse for the newest.
        auto newest = warehouse.maximum(m_sync.query, guards.freshnessColumn);
        if (!newest)
            return newest.error();
        freshest = Guards::instant(*newest);
    }
    return guards.violation(
        measured, *recordCount, m_sync.mode == SyncMode::Mirror, freshest, QDateTime::currentDateTimeUtc());
}

Result<void> SyncRunner::sendSpooled(ChangeSpool& spool, BatchWriter& writer)
{
    if (auto began = writer.begin(); !began)
        return inSyncFile(began.error());
    if (auto rewound = spool.rewind(); !rewound)
        return rewound;
    Change change;
    while (spool.next(change)) {
        if (auto added = writer.add(std::move(change)); !added) {
            writer.abort();
            return added;
        }
        change = Change();
    }
    return {};
}

} // namespace Ebb
