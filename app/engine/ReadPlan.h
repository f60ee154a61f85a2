#pragma once

#include "app/journal/Journal.h"
#include "connectors/warehouse/WarehouseConnector.h"
#include "models/RunReport.h"
#include "models/SyncSpec.h"

#include <QVariant>

namespace Ebb {

// How a run reads its query: all of it, ordered by key, or — for a sync with an incremental
// cursor whose saved position still fits the sync — only the rows at or past that position.
// A saved position fits while the query, key, cursor column, mapping and destination are the
// ones it was saved for; anything else (or --full) reads everything again.
class ReadPlan
{
public:
    // `columns`: the query's, as the warehouse described it; the read does not ask again.
    static Result<ReadPlan> make(const SyncSpec& sync, const RunOptions& options, const QList<Column>& columns,
        quint64 mappingFingerprint, const Journal& journal);

    bool incremental() const { return m_since.isValid(); }
    QVariant since() const { return m_since; }
    QString describe() const; // for the run log

    // For an incremental read: asks the warehouse whether the key is unique in the query's
    // result. Where it is, only the changed rows are read (not every row of a changed key).
    void proveUniqueKey(WarehouseConnector& warehouse);
    Result<std::unique_ptr<RowStream>> open(WarehouseConnector& warehouse) const;
    // Saves where the next run starts; `next` invalid keeps the current position.
    Result<void> save(Journal& journal, const QVariant& next) const;

private:
    SyncSpec m_sync;
    QList<Column> m_columns;
    QString m_fingerprint;
    ValueType m_cursorType = ValueType::Text;
    QVariant m_since;
    QString m_uniqueKeyIndex; // proves the key unique, when the warehouse could tell
};

} // namespace Ebb
