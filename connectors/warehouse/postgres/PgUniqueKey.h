#pragma once

#include "PgConnection.h"

#include <QJsonObject>
#include <QString>

namespace Ebb {

// Proves, where PostgreSQL can, that no two rows of a query share a non-NULL key: the key
// column is read straight from a table (libpq's PQftable/PQftablecol), that table has a
// valid, non-partial unique index on that column alone, and the query's plan reads the table
// once and nothing else (no join, no UNION, no set-returning function, no grouping). An
// incremental read can then fetch only the changed rows instead of every row of each changed
// key. Anything it cannot prove counts as "not unique", which is always safe.
class PgUniqueKey
{
public:
    // The unique index's name ("schema.index") that proves it, or empty. `query` is the sync's
    // query as it can be embedded; `table` and `column` are the key's origin from the server's
    // description (0 when the key is not a plain table column).
    static QString provingIndex(PgConnection& connection, const QString& query, unsigned table, int column);

    // Whether `plan` (the "Plan" object of EXPLAIN (VERBOSE, FORMAT JSON)) scans exactly one
    // relation, `schema`.`relation`, through nodes that never repeat a row. Init plans and
    // sub plans are skipped: they compute values, not rows of the result.
    static bool scansOnlyOnce(const QJsonObject& plan, const QString& schema, const QString& relation);
};

} // namespace Ebb
