#pragma once

#include "models/RowBatch.h"

#include <QString>

// PostgreSQL's SQL for change detection inside the warehouse, in one place: the state table,
// the probe that says whether the query's row type hashes, the changes and removed-keys
// queries, and the bulk write-back of what the destination acknowledged. `query` is the
// user's query as it is embedded, `key` its key column quoted, `state` the state table
// qualified and quoted.
namespace Ebb::PgChangeSql {

// "schema"."table"
QString qualified(const QString& schema, const QString& table);
QString schemaExists(); // $1: the schema's name
QString tableExists(); // $1: the qualified name
QString createSchema(const QString& schema);
// The state table, keyed like the query's key column (made from the query, never run).
QString createTable(const QString& state, const QString& query, const QString& key);
QString addPrimaryKey(const QString& state);
QString keyCount(const QString& state);
// Fails when a column's type has no hash function (json, xml, geometric types): those rows
// hash by their text instead.
QString hashProbe(const QList<Column>& described);
// The rows (alias "ebb_rows") that are new or changed, every row of a repeated key unless
// `keyIsUnique`, each with "ebb_hash" and "ebb_known" (the state had its key; NULL when
// `everything`) last; `order` the ORDER BY expression on "ebb_changes".
QString changes(const QString& query, const QString& key, const QString& state, const QString& order, qint64 seed,
    bool hashText, bool everything, bool keyIsUnique);
// The state's keys the query no longer returns, in a column named like the key.
QString removedKeys(const QString& query, const QString& key, const QString& state);
// Session settings for reading changes and removed keys (hash joins, in memory).
QString joinSettings();
// The write-back: a temporary stage like the state, COPY into it, then one merge and one delete.
QString createStage(const QString& state);
QString truncateStage();
QString copyIntoStage();
QString copyIntoState(const QString& state); // a first run's keys, straight in
QString mergeStage(const QString& state);
QString deleteForgotten(const QString& state);

} // namespace Ebb::PgChangeSql
