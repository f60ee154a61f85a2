#include "WarehouseConnector.h"

#include "connectors/SqlText.h"
#include "models/mapping/Decimal.h"

#include <QDateTime>

namespace Ebb {

Error WarehouseConnector::queryError(
    const QString& serverMessage, const QString& sql, int charPosition, const QString& detail) const
{
    QString message = QStringLiteral("connection \"%1\": %2").arg(m_connectionId, serverMessage.trimmed());
    QString text = sql;
    if (m_wrapping && sql == m_wrapping->text() && charPosition > 0) {
        // The server saw Ebb's SQL; the user knows only their own query.
        const auto user = m_wrapping->userPosition(charPosition);
        if (!user)
            return Error::database(
                message + QStringLiteral(" — ") + m_wrapping->outside(serverMessage, charPosition), detail);
        text = m_wrapping->userSql();
        charPosition = *user;
    }
    if (charPosition > 0 && charPosition <= text.size() + 1) {
        // charPosition is 1-based, as PostgreSQL reports it.
        const QStringView before = QStringView(text).left(charPosition - 1);
        const int line = int(before.count(QLatin1Char('\n'))) + 1;
        const int column = int(before.size() - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
        message += QStringLiteral(" (query line %1, column %2)").arg(line).arg(column);
    }
    return Error::database(message, detail);
}

Error WarehouseConnector::connectionError(const QString& serverMessage) const
{
    return Error::database(QStringLiteral("connection \"%1\": %2").arg(m_connectionId, serverMessage.trimmed()));
}

QString WarehouseConnector::keyOrderExpression(const QString& quotedColumn, KeyCodec::Order order) const
{
    // NULL keys come first, as they do by default in SQLite.
    if (order != KeyCodec::Order::Text)
        return QStringLiteral("%1 NULLS FIRST").arg(quotedColumn);
    return QStringLiteral("CAST(%1 AS TEXT) NULLS FIRST").arg(quotedColumn);
}

QString WarehouseConnector::quoteIdentifier(const QString& name) const
{
    return SqlText::quoteIdentifier(name);
}

Result<Column> WarehouseConnector::column(const QList<Column>& columns, const QString& name, const QString& path) const
{
    if (const int index = columnIndex(columns, name); index >= 0)
        return columns[index];
    return Error::config(QStringLiteral("%1: no column \"%2\" in the result of the query on connection \"%3\"")
                             .arg(path, name, m_connectionId));
}

Result<Column> WarehouseConnector::cursorColumn(const QList<Column>& columns, const QString& name)
{
    if (const int index = columnIndex(columns, name); index >= 0) {
        const Column& c = columns[index];
        switch (c.type) {
        case ValueType::Integer:
        case ValueType::Double:
        case ValueType::Numeric:
        case ValueType::Text:
        case ValueType::Date:
        case ValueType::Timestamp:
            return c;
        default:
            return Error::config(QStringLiteral(
                "$.source.cursor: column \"%1\" is %2; a cursor must be an integer, number, text, date or timestamp")
                                     .arg(c.name, valueTypeName(c.type)));
        }
    }
    return Error::config(QStringLiteral("$.source.cursor: no column \"%1\" in the query's result").arg(name));
}

QString WarehouseConnector::atOrPast(const QString& quotedColumn, ValueType type, const QVariant& since) const
{
    QString literal;
    switch (type) {
    case ValueType::Integer:
        literal = QString::number(since.toLongLong());
        break;
    case ValueType::Double:
        literal = QString::number(since.toDouble(), 'g', 17);
        break;
    case ValueType::Numeric: // exact; bare when it is a plain decimal (as a number, it compares as one)
        literal = Decimal::parse(since.toString()) ? since.toString() : SqlText::quoteLiteral(since.toString());
        break;
    case ValueType::Date:
        literal = SqlText::quoteLiteral(since.toDate().toString(Qt::ISODate));
        break;
    case ValueType::Timestamp:
        // A millisecond earlier: the warehouse may keep microseconds the value lost.
        literal = SqlText::quoteLiteral(
            since.toDateTime().toUTC().addMSecs(-1).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz+00")));
        break;
    default:
        // Text compares by its bytes, whatever the column's collation: the saved position is
        // the largest value in that order (ReadPosition::less), and under a linguistic
        // collation "a" would sort before "Z" and never be read again.
        literal = SqlText::quoteLiteral(since.toString());
        return QStringLiteral("(%1 >= %2 OR %3 IS NULL)").arg(byBytes(quotedColumn), literal, quotedColumn);
    }
    return QStringLiteral("(%1 >= %2 OR %1 IS NULL)").arg(quotedColumn, literal);
}

Result<std::unique_ptr<RowStream>> WarehouseConnector::openWrapped(const WrappedQuery& wrapped)
{
    m_wrapping = wrapped;
    auto opened = open(wrapped.text());
    m_wrapping.reset();
    return opened;
}

Result<std::unique_ptr<RowStream>> WarehouseConnector::openOrderedByKey(
    const QString& sql, const QList<Column>& described, const QString& keyColumn)
{
    auto key = column(described, keyColumn, QStringLiteral("$.source.primaryKey"));
    if (key) {
        if (const auto problem = orderProblem(*key, true))
            return Error::config(QStringLiteral("$.source.primaryKey: %1").arg(*problem));
    }
    const QString name = key ? key->name : keyColumn;
    const QString quoted = quoteIdentifier(name);
    const QString query = embeddable(sql);
    return openWrapped(WrappedQuery(QStringLiteral("SELECT * FROM (\n%1\n) AS ebb_sorted ORDER BY %2")
                                        .arg(query,
                                            keyOrderExpression(QStringLiteral("ebb_sorted.") + quoted,
                                                keyOrder(key ? key->type : ValueType::Text))),
        sql, query, QStringLiteral("read its rows sorted by its key \"%1\"").arg(name)));
}

Result<std::unique_ptr<RowStream>> WarehouseConnector::openChangedSince(const QString& sql,
    const QList<Column>& described, const QString& keyColumn, const QString& cursorColumn, const QVariant& since,
    bool keyIsUnique)
{
    auto key = column(described, keyColumn, QStringLiteral("$.source.primaryKey"));
    if (!key)
        return key.error();
    auto cursor = WarehouseConnector::cursorColumn(described, cursorColumn);
    if (!cursor)
        return cursor.error();
    if (const auto problem = orderProblem(*key, true))
        return Error::config(QStringLiteral("$.source.primaryKey: %1").arg(*problem));
    if (const auto problem = orderProblem(*cursor, false))
        return Error::config(QStringLiteral("$.source.cursor: %1").arg(*problem));
    const QString quotedKey = quoteIdentifier(key->name);
    const QString quotedCursor = quoteIdentifier(cursor->name);
    const QString query = embeddable(sql);
    const QString order = keyOrderExpression(QStringLiteral("ebb_sorted.") + quotedKey, keyOrder(key->type));
    const QString purpose = QStringLiteral("read only the rows whose cursor \"%1\" moved, sorted by its key \"%2\"")
                                .arg(cursor->name, key->name);
    if (keyIsUnique) {
        return openWrapped(WrappedQuery(
            QStringLiteral("SELECT * FROM (\n%1\n) AS ebb_sorted WHERE %2 ORDER BY %3")
                .arg(query, atOrPast(QStringLiteral("ebb_sorted.") + quotedCursor, cursor->type, since), order),
            sql, query, purpose));
    }
    // The inner query finds the keys that changed; the outer one brings every row of those
    // keys, so a key duplicated by an old row and a new one is still seen as duplicated.
    // Rows without a key come on their own branch: IN never matches NULL, and an OR here
    // would keep the warehouse from joining on an index of the key.
    return openWrapped(WrappedQuery(
        QStringLiteral("SELECT * FROM (\n"
                       "SELECT * FROM (\n%1\n) AS ebb_rows\n"
                       "WHERE ebb_rows.%2 IN (SELECT ebb_changed.%2 FROM (\n%1\n) AS ebb_changed WHERE %3)\n"
                       "UNION ALL\n"
                       "SELECT * FROM (\n%1\n) AS ebb_nulls WHERE ebb_nulls.%2 IS NULL AND %4\n"
                       ") AS ebb_sorted ORDER BY %5")
            .arg(query, quotedKey, atOrPast(QStringLiteral("ebb_changed.") + quotedCursor, cursor->type, since),
                atOrPast(QStringLiteral("ebb_nulls.") + quotedCursor, cursor->type, since), order),
        sql, query, purpose));
}

Result<std::unique_ptr<ChangeState>> WarehouseConnector::changeState(
    const QString&, const QList<Column>&, const QString&, const QString&, const QString&)
{
    return Error::config(QStringLiteral("$.source.changeDetection: connection \"%1\" cannot keep a sync's state;"
                                        " \"warehouse\" works with PostgreSQL connections (use \"local\")")
                             .arg(m_connectionId));
}

Result<std::unique_ptr<RowStream>> WarehouseConnector::openChanges(
    const QString&, const QList<Column>&, const QString&, ChangeState&, qint64, bool, bool)
{
    return changeState({}, {}, {}, {}, {}).error();
}

Result<std::unique_ptr<RowStream>> WarehouseConnector::openRemovedKeys(
    const QString&, const QList<Column>&, const QString&, ChangeState&)
{
    return changeState({}, {}, {}, {}, {}).error();
}

Result<WarehouseConnector::RowCount> WarehouseConnector::rowCount(
    const QString& sql, const QList<Column>& described, const QString& keyColumn)
{
    auto key = column(described, keyColumn, QStringLiteral("$.source.primaryKey"));
    if (!key)
        return key.error();
    const QString query = embeddable(sql);
    auto cursor
        = openWrapped(WrappedQuery(QStringLiteral("SELECT count(*), count(ebb_keys.%2) FROM (\n%1\n) AS ebb_keys")
                                       .arg(query, quoteIdentifier(key->name)),
            sql, query, QStringLiteral("count its rows")));
    auto row = firstRow(std::move(cursor));
    if (!row)
        return row.error();
    if (row->rowCount() == 0)
        return RowCount{};
    return RowCount{row->at(0, 0).toLongLong(), row->at(0, 1).toLongLong()};
}

Result<RowBatch> WarehouseConnector::firstRow(Result<std::unique_ptr<RowStream>> stream)
{
    if (!stream)
        return stream.error();
    return (*stream)->next(1);
}

Result<QVariant> WarehouseConnector::maximum(const QString& sql, const QString& columnName)
{
    auto columns = describe(sql);
    if (!columns)
        return columns.error();
    auto found = column(*columns, columnName, QStringLiteral("$.guards.freshness.column"));
    if (!found)
        return found.error();
    const QString quoted = QStringLiteral("ebb_max.") + quoteIdentifier(found->name);
    // ORDER BY … LIMIT 1 rather than max(): the value keeps the column's type.
    const QString query = embeddable(sql);
    auto cursor = openWrapped(
        WrappedQuery(QStringLiteral("SELECT * FROM (\n%1\n) AS ebb_max WHERE %2 IS NOT NULL ORDER BY %2 DESC LIMIT 1")
                         .arg(query, quoted),
            sql, query, QStringLiteral("find the newest \"%1\" for the freshness guard").arg(found->name)));
    auto batch = firstRow(std::move(cursor));
    if (!batch)
        return batch.error();
    if (batch->rowCount() == 0)
        return QVariant();
    for (int c = 0; c < batch->columnCount(); ++c) {
        if (batch->columns()[c].name == found->name)
            return batch->at(0, c);
    }
    return QVariant();
}

Result<QStringList> WarehouseConnector::tables(int limit)
{
    const QString sql = tablesQuery();
    if (sql.isEmpty())
        return QStringList();
    auto cursor = open(sql);
    if (!cursor)
        return cursor.error();
    QStringList names;
    while (names.size() < limit) {
        auto batch = (*cursor)->next(1000);
        if (!batch)
            return batch.error();
        if (batch->rowCount() == 0)
            break;
        for (int r = 0; r < batch->rowCount() && names.size() < limit; ++r)
            names << batch->at(r, 0).toString();
    }
    names.sort();
    return names;
}

QString trimQuery(const QString& sql)
{
    QString result = sql.trimmed();
    while (result.endsWith(QLatin1Char(';')))
        result = result.chopped(1).trimmed();
    return result;
}

} // namespace Ebb
