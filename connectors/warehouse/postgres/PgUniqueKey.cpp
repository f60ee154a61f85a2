#include "PgUniqueKey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

// Plan nodes that pass on each row of their input at most once. Joins, Append (UNION ALL,
// partitions, inheritance), ProjectSet (a set-returning function in the select list) and
// grouping (GROUPING SETS repeat a key) are missing on purpose.
const QSet<QString>& singleRowNodes()
{
    static const QSet<QString> nodes{
        QStringLiteral("Seq Scan"),
        QStringLiteral("Index Scan"),
        QStringLiteral("Index Only Scan"),
        QStringLiteral("Bitmap Heap Scan"),
        QStringLiteral("Bitmap Index Scan"),
        QStringLiteral("BitmapAnd"),
        QStringLiteral("BitmapOr"),
        QStringLiteral("Tid Scan"),
        QStringLiteral("Tid Range Scan"),
        QStringLiteral("Sample Scan"),
        QStringLiteral("Result"),
        QStringLiteral("Sort"),
        QStringLiteral("Incremental Sort"),
        QStringLiteral("Limit"),
        QStringLiteral("Subquery Scan"),
        QStringLiteral("Gather"),
        QStringLiteral("Gather Merge"),
        QStringLiteral("Materialize"),
        QStringLiteral("Unique"),
        QStringLiteral("WindowAgg"),
        QStringLiteral("LockRows"),
    };
    return nodes;
}

bool walk(const QJsonObject& node, const QString& schema, const QString& relation, int& scans)
{
    if (!singleRowNodes().contains(node.value(QLatin1String("Node Type")).toString()))
        return false;
    if (node.contains(QLatin1String("Relation Name"))) {
        if (node.value(QLatin1String("Relation Name")).toString() != relation
            || node.value(QLatin1String("Schema")).toString() != schema)
            return false;
        ++scans;
    }
    const QJsonArray children = node.value(QLatin1String("Plans")).toArray();
    for (const QJsonValue& child : children) {
        const QString relationship = child.toObject().value(QLatin1String("Parent Relationship")).toString();
        if (relationship == QLatin1String("InitPlan") || relationship == QLatin1String("SubPlan"))
            continue;
        if (!walk(child.toObject(), schema, relation, scans))
            return false;
    }
    return true;
}

QString text(const pg_result* result, int row, int column)
{
    return QString::fromUtf8(PQgetvalue(result, row, column));
}

} // namespace

bool PgUniqueKey::scansOnlyOnce(const QJsonObject& plan, const QString& schema, const QString& relation)
{
    int scans = 0;
    return walk(plan, schema, relation, scans) && scans == 1;
}

QString PgUniqueKey::provingIndex(PgConnection& connection, const QString& query, unsigned table, int column)
{
    if (table == 0 || column <= 0)
        return {};
    const QByteArray tableText = QByteArray::number(table);
    const QByteArray columnText = QByteArray::number(column);
    const char* values[] = {tableText.constData(), columnText.constData()};
    // A primary key first; any valid unique index on the column alone, without a predicate
    // or expressions, proves as much. Not a deferrable one: a trigger checks it at commit, and
    // with triggers off (DISABLE TRIGGER ALL, a replica's apply worker) duplicates commit.
    PgResultPtr index(PQexecParams(connection.get(),
        "SELECT n.nspname, c.relname, quote_ident(n.nspname) || '.' || quote_ident(x.relname)"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class x ON x.oid = i.indexrelid"
        " WHERE i.indrelid = $1::oid AND i.indisunique AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL"
        " AND i.indexprs IS NULL AND i.indnkeyatts = 1 AND i.indkey[0] = $2::int2"
        " ORDER BY i.indisprimary DESC, x.relname LIMIT 1",
        2, nullptr, values, nullptr, nullptr, 0));
    if (PQresultStatus(index.get()) != PGRES_TUPLES_OK) {
        spdlog::debug("postgres: cannot read the key's indexes: {}", PQresultErrorMessage(index.get()));
        return {};
    }
    if (PQntuples(index.get()) == 0)
        return {};

    PgResultPtr explained(PQexec(connection.get(),
        QStringLiteral("EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON)\n%1").arg(query).toUtf8().constData()));
    if (PQresultStatus(explained.get()) != PGRES_TUPLES_OK || PQntuples(explained.get()) != 1) {
        spdlog::debug("postgres: cannot explain the query: {}", PQresultErrorMessage(explained.get()));
        return {};
    }
    const QJsonDocument plan = QJsonDocument::fromJson(QByteArray(PQgetvalue(explained.get(), 0, 0)));
    const QJsonObject root = plan.array().at(0).toObject().value(QLatin1String("Plan")).toObject();
    if (!scansOnlyOnce(root, text(index.get(), 0, 0), text(index.get(), 0, 1)))
        return {};
    return text(index.get(), 0, 2);
}

} // namespace Ebb
