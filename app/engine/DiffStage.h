#pragma once

#include "Change.h"
#include "app/journal/Journal.h"
#include "models/RunReport.h"
#include "models/mapping/Mapper.h"
#include "models/validation/PayloadValidator.h"

#include <QDateTime>
#include <functional>
#include <optional>

namespace Ebb {

// Map → validate → detect changes, as one streaming merge: the query's rows arrive ordered
// by key (the warehouse sorted them), the journal's records are read in the same order,
// so added/changed/unchanged/removed fall out of a single pass in constant memory, and
// rows sharing a key arrive side by side, where they are all rejected.
class DiffStage
{
public:
    struct Settings
    {
        QString sync;
        SyncMode mode = SyncMode::Upsert;
        QString matchField; // destination field matched on; empty: the key itself
        bool full = false; // every valid row counts as changed
        bool partialUpdates = false;
        bool partialUpserts = false; // an upsert's changed fields are used (DestinationSchema)
        QString freshnessColumn; // tracked for the freshness guard
        // Incremental: the rows are the ones at or past the cursor, not the whole query, so
        // journal records are looked up by key and none counts as removed.
        bool incremental = false;
        QString cursorColumn; // tracked for the next run's cursor
        // The destination finds records by matchField's value: a row without one is a reject
        // (sent, it would add a record each time instead of updating one).
        bool matchValueRequired = false;
        // A test row: rows of every other key are passed over, as if the query had not
        // returned them (with `incremental`, so no other key counts as removed).
        QString onlyKey;
        // Change detection in the warehouse: the rows are the ones it found added or changed,
        // and this column (the last) holds each row's hash there, kept as its source hash.
        int sourceHashColumn = -1;
        // And this one says whether the warehouse's state knew the row's key (true/false/NULL).
        int stateKnownColumn = -1;
        // Keys that left the query are found elsewhere (the warehouse): journal records the
        // merge passes over are unchanged rows the warehouse did not send, not removed ones.
        bool removalsElsewhere = false;
        // Added rows leave without their JSON and its hash: the writer thread makes them
        // (BatchWriter), so the reader, the busier thread, maps and moves on. Changed rows
        // are compared, so they always carry both; a preview shows them, so it never sets this.
        bool jsonOnWriter = false;
    };
    using ChangeSink = std::function<Result<void>(Change&&)>;
    using RejectSink = std::function<Result<void>(Reject&&)>;

    DiffStage(Settings settings, const Mapper& mapper, const PayloadValidator& validator, const Journal* journal,
        std::unique_ptr<Journal::RecordStream> records, ChangeSink changes, RejectSink rejects);

    Result<void> consume(const RowBatch& batch);
    Result<void> finish();
    // A key that left the query, found by the warehouse (change detection there): deleted at
    // a mirror, forgotten otherwise, as a merge would find it. False when the journal does not know it.
    Result<bool> removeKey(const QByteArray& key);
    // Called for each row found unchanged (what the destination has): with change detection in
    // the warehouse, its state learns the row's hash without anything being sent.
    using UnchangedSink = std::function<void(const QByteArray& key, quint64 sourceHash)>;
    // Rows with a key the warehouse's state did not know (stateKnownColumn false).
    qint64 newToState() const { return m_newToState; }
    void setUnchangedSink(UnchangedSink sink) { m_unchanged = std::move(sink); }

    const RunCounts& counts() const { return m_counts; }
    // Rows read whose fate waits for the next key (a key's rows are judged together).
    qsizetype undecidedRows() const { return m_hasGroup ? m_group.size() : 0; }
    std::optional<QDateTime> freshest() const { return m_freshest; }
    // Where the next incremental read starts: the newest cursor value seen, held back to the
    // oldest row of a duplicated key (it must be read again once the duplicate is gone).
    // Invalid when no row had a cursor value.
    QVariant nextCursor() const;

private:
    // A row waits for its key group to close before it is mapped: most rows of a rerun are
    // unchanged at the source and never need mapping at all.
    struct PendingRow
    {
        const QVariant* borrowed = nullptr; // the row's cells in the current batch
        QVariantList cells; // a copy, once that batch is gone
        quint64 sourceHash = 0;
        bool valid = false;
        bool mapped = false; // the mapper made the payload (its JSON can be made)
        Payload payload;
        QByteArray json;
        quint64 hash = 0;
        QList<Reject> problems;
    };

    Result<void> findColumns(const RowBatch& batch);
    Result<void> flushGroup();
    Result<std::optional<Journal::Record>> knownRecord();
    void mapRow(PendingRow& row) const;
    static void withJson(PendingRow& row); // the payload's JSON and hash, made once
    void holdCursor(const PendingRow& row);
    Result<void> emitRemovedBefore(const std::optional<QByteArray>& key);
    Result<void> emitRemoval(const QByteArray& key);
    void countUnchanged(const PendingRow& row);
    // Whether the journal's source hash is this row's (of either kind, StoredHash).
    bool sameSource(quint64 stored, const PendingRow& row) const;
    // `changed`: for a change, the fields that differ from what was last sent (empty: all).
    Result<void> emitChange(Change::Kind kind, PendingRow& row, QStringList changed = {});
    // The fields whose value differs from what the journal says was last sent; nullopt when
    // it keeps no payload for the key (or the destination takes whole records only).
    std::optional<QStringList> changedFields(const QByteArray& json) const;

    Settings m_settings;
    const Mapper& m_mapper;
    const PayloadValidator& m_validator;
    const Journal* m_journal;
    std::unique_ptr<Journal::RecordStream> m_records;
    std::optional<Journal::Record> m_record; // the journal's next record, not yet matched
    ChangeSink m_changes;
    RejectSink m_rejects;
    UnchangedSink m_unchanged;
    qint64 m_newToState = 0;
    int m_columnCount = 0; // of the rows read, for the old kind of source hash
    RunCounts m_counts;
    std::optional<QDateTime> m_freshest;
    QString m_keyField; // the key column's name, for key rejects
    int m_freshnessColumn = -1;
    int m_cursorColumn = -1;
    ValueType m_cursorType = ValueType::Text;
    QVariant m_cursorMax;
    QVariant m_cursorHold;

    bool m_hasGroup = false;
    std::optional<QByteArray> m_groupKey; // nullopt: NULL key
    QList<PendingRow> m_group;
    std::optional<QByteArray> m_previousKey;
};

} // namespace Ebb
