#include "PgChangeSql.h"

#include "connectors/SqlText.h"

#include <QStringList>

namespace Ebb::PgChangeSql {

using SqlText::quoteIdentifier;

namespace {

const QString stage = QStringLiteral("ebb_state_stage");

QString rowHash(const QString& alias, qint64 seed, bool hashText)
{
    // hash_record_extended hashes each column with its type's own hash function (fast, and
    // 1.0 = 1.00 as the type says); a type without one is hashed by the row's text.
    return hashText ? QStringLiteral("hashtextextended(%1::text, %2)").arg(alias).arg(seed)
                    : QStringLiteral("hash_record_extended(%1, %2)").arg(alias).arg(seed);
}

} // namespace

QString qualified(const QString& schema, const QString& table)
{
    return quoteIdentifier(schema) + QLatin1Char('.') + quoteIdentifier(table);
}

QString schemaExists()
{
    return QStringLiteral("SELECT to_regnamespace(quote_ident($1)) IS NOT NULL");
}

QString tableExists()
{
    return QStringLiteral("SELECT to_regclass($1) IS NOT NULL");
}

QString createSchema(const QString& schema)
{
    return QStringLiteral("CREATE SCHEMA %1").arg(quoteIdentifier(schema));
}

QString createTable(const QString& state, const QString& query, const QString& key)
{
    return QStringLiteral("CREATE TABLE %1 AS SELECT ebb_rows.%3 AS ebb_key, 0::bigint AS ebb_hash FROM (\n%2\n) AS "
                          "ebb_rows WITH NO DATA")
        .arg(state, query, key);
}

QString addPrimaryKey(const QString& state)
{
    return QStringLiteral("ALTER TABLE %1 ADD PRIMARY KEY (ebb_key)").arg(state);
}

QString keyCount(const QString& state)
{
    return QStringLiteral("SELECT count(*) FROM %1").arg(state);
}

QString hashProbe(const QList<Column>& described)
{
    QStringList nulls;
    for (int i = 0; i < described.size(); ++i)
        nulls << QStringLiteral("NULL::%1 AS c%2").arg(described[i].nativeType).arg(i);
    return QStringLiteral("SELECT hash_record_extended(ebb_probe, 0) FROM (SELECT %1) AS ebb_probe")
        .arg(nulls.join(QLatin1String(", ")));
}

QString changes(const QString& query, const QString& key, const QString& state, const QString& order, qint64 seed,
    bool hashText, bool everything, bool keyIsUnique)
{
    const QString hashed = QStringLiteral("SELECT ebb_rows.*, %1 AS ebb_hash FROM (\n%2\n) AS ebb_rows")
                               .arg(rowHash(QStringLiteral("ebb_rows"), seed, hashText), query);
    // Each row says whether the state knew its key (NULL when it was not asked), then its hash.
    if (everything)
        return QStringLiteral("SELECT ebb_changes.*, NULL::boolean AS ebb_known FROM (%1) AS ebb_changes ORDER BY %2")
            .arg(hashed, order);
    QString sql
        = QStringLiteral("SELECT ebb_changes.*, ebb_state.ebb_key IS NOT NULL AS ebb_known FROM (%1) AS ebb_changes\n"
                         "LEFT JOIN %2 AS ebb_state ON ebb_state.ebb_key = ebb_changes.%3\n"
                         "WHERE ebb_state.ebb_key IS NULL OR ebb_state.ebb_hash <> ebb_changes.ebb_hash")
              .arg(hashed, state, key);
    if (!keyIsUnique) // every row of a repeated key, changed or not: they are all rejected
        sql += QStringLiteral("\n   OR ebb_changes.%1 IN (SELECT ebb_repeated.%1 FROM (\n%2\n) AS ebb_repeated"
                              " WHERE ebb_repeated.%1 IS NOT NULL GROUP BY ebb_repeated.%1 HAVING count(*) > 1)")
                   .arg(key, query);
    return sql + QStringLiteral("\nORDER BY %1").arg(order);
}

QString removedKeys(const QString& query, const QString& key, const QString& state)
{
    return QStringLiteral("SELECT ebb_state.ebb_key AS %1 FROM %2 AS ebb_state WHERE NOT EXISTS (\n"
                          "SELECT 1 FROM (\n%3\n) AS ebb_rows WHERE ebb_rows.%1 = ebb_state.ebb_key)")
        .arg(key, state, query);
}

QString joinSettings()
{
    return QStringLiteral("SET enable_mergejoin = off; SET work_mem = '64MB'");
}

QString createStage(const QString& state)
{
    return QStringLiteral("CREATE TEMPORARY TABLE IF NOT EXISTS %1 AS SELECT ebb_key, ebb_hash, false AS ebb_forget"
                          " FROM %2 WITH NO DATA")
        .arg(stage, state);
}

QString truncateStage()
{
    return QStringLiteral("TRUNCATE %1").arg(stage);
}

QString copyIntoStage()
{
    return QStringLiteral("COPY %1 (ebb_key, ebb_hash, ebb_forget) FROM STDIN").arg(stage);
}

QString copyIntoState(const QString& state)
{
    return QStringLiteral("COPY %1 (ebb_key, ebb_hash) FROM STDIN").arg(state);
}

QString mergeStage(const QString& state)
{
    return QStringLiteral("INSERT INTO %1 (ebb_key, ebb_hash) SELECT ebb_key, ebb_hash FROM %2 WHERE NOT ebb_forget"
                          " ON CONFLICT (ebb_key) DO UPDATE SET ebb_hash = EXCLUDED.ebb_hash")
        .arg(state, stage);
}

QString deleteForgotten(const QString& state)
{
    return QStringLiteral(
        "DELETE FROM %1 AS ebb_state USING %2 AS s WHERE s.ebb_forget AND ebb_state.ebb_key = s.ebb_key")
        .arg(state, stage);
}

} // namespace Ebb::PgChangeSql
