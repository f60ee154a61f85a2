#pragma once

#include "Destination.h"
#include "PgStagedMerge.h"
#include "TableRules.h"
#include "connectors/warehouse/postgres/PgConnection.h"

#include <optional>

namespace Ebb {

// A PostgreSQL table. The schema comes from the catalog: column types, NOT NULL without
// default → required, varchar(n) → length, PRIMARY KEY/UNIQUE → identifier, enum types and
// CHECK (col = ANY (ARRAY[...])) → picklist, CHECK (col >= a AND col <= b) → range, a domain
// named "email" → email. One transaction per batch: each run of same-kind records is copied
// into a temporary table and merged in one statement (PgStagedMerge); if that fails, its
// records are retried one by one under savepoints so a bad record fails alone (deferrable
// unique constraints are made immediate for this).
class PostgresTableDestination : public Destination
{
public:
    // `keepOnNull`: the fields whose NULL is skipped ("nulls": "skip"): a NULL there keeps the
    // row's value (COALESCE) instead of clearing it.
    PostgresTableDestination(
        PgSettings settings, QString object, QString matchField, SyncMode mode, QStringList keepOnNull = {});

    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<void> begin() override;
    void setRecordsChecked(bool checked) override { m_rules.setRecordsChecked(checked); }
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;
    bool durableOnWrite() const override { return true; }
    // A batch's transaction may stay open after write(), the server merging it, while the
    // writer journals the batch before.
    bool deferCommits() override;
    Result<void> commit() override;
    void rollback() override;
    Result<void> finish() override { return {}; }
    void abort() override { rollback(); }
    // How the run's groups went: merged in one statement, or record by record and why.
    QString summary() const override;
    // Of the merged groups, those copied in COPY's binary format.
    int binaryGroups() const { return m_merge.binaryGroups(); }

private:
    Result<void> connect();
    Result<void> exec(const QString& sql);
    // No two of `records` have the same match value.
    static bool distinctMatchValues(const QList<OutgoingRecord>& records);
    // Runs one statement for `records` (all of one operation); per-record outcomes.
    QList<RecordOutcome> writeGroup(const QList<OutgoingRecord>& records);
    // The group through the stage (PgStagedMerge) with `fields`; record by record if that fails.
    QList<RecordOutcome> merged(const QList<OutgoingRecord>& records, const QStringList& fields);
    // Without a stage: multi-row INSERT statements, record by record where one fails.
    QList<RecordOutcome> inStatements(const QList<OutgoingRecord>& records);
    // Each record alone under a savepoint, so a bad one fails alone.
    QList<RecordOutcome> oneByOne(const QList<OutgoingRecord>& records);
    std::optional<QString> runStatement(const QList<OutgoingRecord>& records, QList<RecordOutcome>* perRecord);
    Error error(const QString& what) const;
    // The table's DEFERRABLE unique constraints, schema-qualified and quoted for SET CONSTRAINTS.
    Result<QStringList> deferredUniqueConstraints();

    PgSettings m_settings;
    QString m_matchField;
    SyncMode m_mode;
    QStringList m_keepOnNull;
    QString m_schemaName;
    QString m_table;
    PgStagedMerge m_merge;
    std::optional<PgConnection> m_connection;
    QStringList m_fields;
    std::optional<DestinationSchema> m_described;
    QStringList m_deferredUniques;
    TableRules m_rules; // as begin() read them
    bool m_deferCommits = false;
    bool m_open = false; // a batch's transaction, left open for commit()
    int m_mergedGroups = 0;
    int m_isolatedGroups = 0; // a merge failed: written again record by record
    QString m_firstIsolation; // why the first of those was
};

} // namespace Ebb
