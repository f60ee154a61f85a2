#pragma once

#include "ChangeState.h"
#include "RowStream.h"
#include "WrappedQuery.h"
#include "models/mapping/KeyCodec.h"

#include <QString>
#include <memory>

namespace Ebb {

// Strips what a warehouse would choke on when the query is embedded in another statement.
QString trimQuery(const QString& sql);

// A warehouse a sync reads from. A connector is created in, and used only by, the thread
// that runs the query (a rule for every database client library we use).
class WarehouseConnector
{
public:
    explicit WarehouseConnector(QString connectionId)
        : m_connectionId(std::move(connectionId))
    {
    }
    virtual ~WarehouseConnector() = default;
    WarehouseConnector(const WarehouseConnector&) = delete;
    WarehouseConnector& operator=(const WarehouseConnector&) = delete;

    QString connectionId() const { return m_connectionId; }

    // Connects and returns the server's name and version.
    virtual Result<QString> test() = 0;
    // Column names and types of `sql` without running the whole query.
    virtual Result<QList<Column>> describe(const QString& sql) = 0;
    // Starts `sql` and returns its rows as a stream; the stream owns its connection (one
    // that describe() used before, or a new one).
    virtual Result<std::unique_ptr<RowStream>> open(const QString& sql) = 0;
    // The same rows ordered by `keyColumn` the way KeyCodec encodes keys of its type (integers
    // as numbers, anything else by its text's bytes): the warehouse sorts, so the engine can
    // diff against the journal with a streaming merge and see duplicate keys side by side,
    // in constant memory. `described`: the query's columns, as describe() gave them.
    Result<std::unique_ptr<RowStream>> openOrderedByKey(
        const QString& sql, const QList<Column>& described, const QString& keyColumn);
    // The name of a unique index that proves no two rows of `sql` share a non-NULL
    // `keyColumn`, or empty when the warehouse cannot prove it (the default).
    virtual QString uniqueKeyIndex(const QString& sql, const QString& keyColumn)
    {
        Q_UNUSED(sql);
        Q_UNUSED(keyColumn);
        return {};
    }
    // An incremental read of a described query: the rows whose `cursorColumn` is at or past
    // `since` or NULL, in the order of openOrderedByKey. Unless `keyIsUnique` (proved by
    // uniqueKeyIndex()), every other row that shares a key with one of them comes too, so
    // duplicate keys still show. `since` is a value the cursor column returned before.
    Result<std::unique_ptr<RowStream>> openChangedSince(const QString& sql, const QList<Column>& described,
        const QString& keyColumn, const QString& cursorColumn, const QVariant& since, bool keyIsUnique);
    // Whether this warehouse can keep a sync's state for change detection inside it.
    virtual bool keepsChangeState() const { return false; }
    // Change detection inside the warehouse. The sync's state table (`stateSchema`.`table`,
    // made with the schema when missing, keyed like the query's `keyColumn`); an error where
    // this warehouse cannot keep one, or the role may not create it.
    virtual Result<std::unique_ptr<ChangeState>> changeState(const QString& sql, const QList<Column>& described,
        const QString& keyColumn, const QString& stateSchema, const QString& table);
    // The query's rows that are new or changed against `state` (all of them when `everything`),
    // and unless `keyIsUnique` every row of a key the query repeats, in the order of
    // openOrderedByKey, each with two more columns: its row hash (seeded by `seed`), and
    // whether the state knew its key (NULL when `everything`).
    virtual Result<std::unique_ptr<RowStream>> openChanges(const QString& sql, const QList<Column>& described,
        const QString& keyColumn, ChangeState& state, qint64 seed, bool everything, bool keyIsUnique);
    // How many rows the query returns, and how many of them have a non-NULL `keyColumn`.
    struct RowCount
    {
        qint64 rows = 0;
        qint64 keyed = 0;
    };
    Result<RowCount> rowCount(const QString& sql, const QList<Column>& described, const QString& keyColumn);
    // The keys `state` holds that the query no longer returns: one column, the key's type.
    virtual Result<std::unique_ptr<RowStream>> openRemovedKeys(
        const QString& sql, const QList<Column>& described, const QString& keyColumn, ChangeState& state);
    // The largest value of `column` over the query's rows (invalid when there are none).
    Result<QVariant> maximum(const QString& sql, const QString& column);
    // The tables and views a query can read, as a query names them ("schema.table" outside
    // the search path), for the SQL editor's completion; at most `limit`, sorted.
    Result<QStringList> tables(int limit = 5000);

    // The column `name` of a query's result, if it can be an incremental cursor: one whose
    // values grow and compare exactly (integer, number, text, date, timestamp). Errors name
    // "$.source.cursor".
    static Result<Column> cursorColumn(const QList<Column>& columns, const QString& name);

    // How keys of this type are sorted and journaled (KeyCodec): by value where the warehouse
    // compares the type by value, else by text. The runners and openOrderedByKey agree on it.
    virtual KeyCodec::Order keyOrder(ValueType keyType) const { return KeyCodec::orderFor(keyType); }

protected:
    // The ORDER BY term that sorts keys the way KeyCodec encodes them in `order`: by their
    // text's bytes, or by value (where an index on the column can deliver the order).
    virtual QString keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const;
    // The SQL condition "`quotedColumn` is at or past `since`" for a cursor column of `type`.
    virtual QString atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const;
    // `quotedColumn` (text) compared by its UTF-8 bytes rather than its collation.
    virtual QString byBytes(const QString& quotedColumn) const
    {
        return quotedColumn + QStringLiteral(" COLLATE BINARY");
    }
    // Why this warehouse cannot sort (or compare, for a cursor) `column` the way the engine
    // needs, or nothing: a driver that cannot is said loudly, never a silently wrong order.
    virtual std::optional<QString> orderProblem(const Column& column, bool asKey) const
    {
        Q_UNUSED(column);
        Q_UNUSED(asKey);
        return std::nullopt;
    }
    // A column's name as this warehouse's SQL quotes it ("name"; MySQL: `name`).
    virtual QString quoteIdentifier(const QString& name) const;
    // A query whose first column lists the tables and views (tables()); "" when unknown.
    virtual QString tablesQuery() const { return {}; }
    // `sql` made fit to sit inside another statement (no trailing semicolon or comment).
    virtual QString embeddable(const QString& sql) const { return trimQuery(sql); }

    // "connection "warehouse": <what the server said>"
    Error queryError(
        const QString& serverMessage, const QString& sql, int charPosition, const QString& detail = {}) const;
    Error connectionError(const QString& serverMessage) const;
    // The column of `sql`'s result called `name` (case-insensitively), or a configuration error.
    Result<Column> column(const QList<Column>& columns, const QString& name, const QString& path) const;
    // open() on SQL written around the user's query; its errors are placed by `wrapped`.
    Result<std::unique_ptr<RowStream>> openWrapped(const WrappedQuery& wrapped);
    // The first row of a stream just opened (none: an empty batch), or why there is none.
    static Result<RowBatch> firstRow(Result<std::unique_ptr<RowStream>> stream);

private:
    // Set while openWrapped() runs: queryError() maps positions through it.
    std::optional<WrappedQuery> m_wrapping;

    QString m_connectionId;
};

} // namespace Ebb
