#pragma once

#include "KeyCodec.h"
#include "Payload.h"
#include "Reject.h"
#include "Template.h"
#include "Transform.h"
#include "models/Result.h"
#include "models/RowBatch.h"
#include "models/SyncSpec.h"

namespace Ebb {

// Turns warehouse rows into payloads following a sync's mappings. Compiled once per run
// against the query's columns, so a typo in a column name is a configuration error before
// any row is read, and the per-row work is index lookups and transform calls.
class Mapper
{
public:
    // Errors name the JSON path: "$.mappings[2].source: no column "emial" in the query's result".
    static Result<Mapper> compile(const SyncSpec& sync, const QList<Column>& columns);

    const std::shared_ptr<const QStringList>& targets() const { return m_targets; }
    int keyColumn() const { return m_keyColumn; }

    // The row's primary key as the journal keeps it (KeyCodec), in the key order the query was
    // read in; nullopt for NULL.
    std::optional<QByteArray> keyBytes(const RowBatch& batch, int row) const
    {
        return KeyCodec::encode(m_keyOrder, batch.at(row, m_keyColumn));
    }
    // How keys sort: from the key column's type in the columns compiled against. A run sets
    // the order its query was read in (from the warehouse's description) when the cursor's
    // columns might type the key otherwise.
    KeyCodec::Order keyOrder() const { return m_keyOrder; }
    void setKeyOrder(KeyCodec::Order order) { m_keyOrder = order; }
    // Maps one row. On failure returns false and fills `reject` (rule "transform").
    bool map(const RowBatch& batch, int row, Payload& payload, Reject& reject) const
    {
        return map(&batch.at(row, 0), payload, reject);
    }
    // The same for a row's cells held elsewhere (in column order).
    bool map(const QVariant* cells, Payload& payload, Reject& reject) const;
    // Identifies the mapping configuration: a row's source hash is salted with it, so any
    // change to the mappings makes every row be mapped again.
    quint64 fingerprint() const { return m_fingerprint; }

private:
    struct Compiled
    {
        FieldMapping::Kind kind;
        int column = -1;
        bool numeric = false; // the column holds exact decimals as text: map them as Decimal
        QVariant constant;
        Template templ;
        QList<int> templateColumns; // index of each template column in the row
        QStringList templateNames;
        QList<Transform> transforms;
        bool skipNulls = false; // a NULL is left out of the record ("nulls": "skip")
    };

    std::shared_ptr<const QStringList> m_targets;
    QList<Compiled> m_mappings;
    int m_keyColumn = -1;
    KeyCodec::Order m_keyOrder = KeyCodec::Order::Text;
    quint64 m_fingerprint = 0;
};

} // namespace Ebb
