#pragma once

#include "Destination.h"
#include "TableRules.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"

namespace Ebb {

// A table in a SQLite file. The schema comes from the table itself: declared types,
// NOT NULL, PRIMARY KEY/UNIQUE, VARCHAR(n) lengths, CHECK (col IN (...)) picklists,
// CHECK (col BETWEEN a AND b) ranges and the EMAIL type name. SQLite itself holds a column to
// few of these (an INTEGER column stores "abc", a VARCHAR(10) any length), so each record is
// held to them (TableRules): what the preview calls a reject is what this table refuses. One transaction per batch; a
// record that violates a rule or a constraint fails alone (SQLite rolls back only the failing statement).
class SqliteTableDestination : public Destination
{
public:
    // `keepOnNull`: the fields whose NULL is skipped ("nulls": "skip"): a NULL there keeps the
    // row's value (coalesce) instead of clearing it.
    SqliteTableDestination(QString path, QString table, QString matchField, SyncMode mode, QStringList keepOnNull = {});

    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<void> begin() override;
    void setRecordsChecked(bool checked) override { m_rules.setRecordsChecked(checked); }
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;
    bool durableOnWrite() const override { return true; }
    Result<void> finish() override;

private:
    Result<void> open();
    Result<sqlite3_stmt*> statementFor(const OutgoingRecord& record);
    QString sqlFor(OutgoingRecord::Operation operation) const;
    // `why`: the failure's own words; else the handle's last error.
    Error error(const QString& what, const QString& why = {}) const;

    QString m_path;
    QString m_table;
    QString m_matchField;
    SyncMode m_mode;
    QStringList m_keepOnNull;
    SqliteHandle m_db;
    QStringList m_fields; // the payload's fields, fixed by the first batch
    QList<const FieldSchema*> m_fieldRules; // the table's column for each of them (or none)
    TableRules m_rules; // as begin() read them
    SqliteStatement m_upsert, m_insert, m_update, m_delete;
};

} // namespace Ebb
