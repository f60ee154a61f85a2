#pragma once

#include "Destination.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/validation/PayloadValidator.h"

#include <optional>

namespace Ebb {

// A table in a SQLite file. The schema comes from the table itself: declared types,
// NOT NULL, PRIMARY KEY/UNIQUE, VARCHAR(n) lengths, CHECK (col IN (...)) picklists,
// CHECK (col BETWEEN a AND b) ranges and the EMAIL type name. SQLite itself holds a column to
// few of these (an INTEGER column stores "abc", a VARCHAR(10) any length), so the destination
// holds each record to the rules it reports — the same PayloadValidator the preview uses — and
// refuses what breaks them: what the preview calls a reject is what this table refuses, and
// the table keeps the types it declares. One transaction per batch; a record that violates a
// rule or a constraint fails alone (SQLite rolls back only the failing statement).
class SqliteTableDestination : public Destination
{
public:
    // `keepOnNull`: the fields whose NULL is skipped ("nulls": "skip"): a NULL there keeps the
    // row's value (coalesce) instead of clearing it.
    SqliteTableDestination(QString path, QString table, QString matchField, QString mode, QStringList keepOnNull = {});

    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<void> begin() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;
    bool durableOnWrite() const override { return true; }
    Result<void> finish() override;

private:
    Result<void> open();
    Result<sqlite3_stmt*> statementFor(const OutgoingRecord& record);
    // What of the table's declared rules the record breaks, as one message; "" when none.
    QString brokenRule(const OutgoingRecord& record);
    Error error(const QString& what) const;

    QString m_path;
    QString m_table;
    QString m_matchField;
    QString m_mode;
    QStringList m_keepOnNull;
    SqliteHandle m_db;
    QStringList m_fields; // the payload's fields, fixed by the first batch
    std::optional<DestinationSchema> m_schema; // as begin() read it
    std::optional<PayloadValidator> m_rules; // the schema's rules for m_fields
    SqliteStatement m_upsert, m_insert, m_update, m_delete;
};

} // namespace Ebb
