#include "WarehouseConnector.h"

#include "connectors/SqlText.h"

namespace Ebb {

Error WarehouseConnector::queryError(const QString& serverMessage, const QString& sql, int charPosition,
                                     const QString& detail) const
{
    QString message = QStringLiteral("connection \"%1\": %2").arg(m_connectionId, serverMessage.trimmed());
    if (charPosition > 0 && charPosition <= sql.size() + 1) {
        // charPosition is 1-based, as PostgreSQL reports it.
        const QStringView before = QStringView(sql).left(charPosition - 1);
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

QString WarehouseConnector::keyOrderExpression(const QString& quotedColumn) const
{
    return QStringLiteral("CAST(%1 AS TEXT)").arg(quotedColumn);
}

Result<std::unique_ptr<RowCursor>> WarehouseConnector::openOrderedByKey(const QString& sql, const QString& keyColumn)
{
    // Check the query as the user wrote it first, so errors point into their text.
    auto columns = describe(sql);
    if (!columns)
        return columns.error();
    QString column = keyColumn;
    for (const Column& c : *columns) {
        if (c.name.compare(keyColumn, Qt::CaseInsensitive) == 0)
            column = c.name;
    }
    const QString quoted = SqlText::quoteIdentifier(column);
    return open(QStringLiteral("SELECT * FROM (\n%1\n) AS ebb_sorted ORDER BY %2 NULLS FIRST")
                    .arg(embeddable(sql), keyOrderExpression(QStringLiteral("ebb_sorted.") + quoted)));
}

QString trimQuery(const QString& sql)
{
    QString result = sql.trimmed();
    while (result.endsWith(QLatin1Char(';')))
        result = result.chopped(1).trimmed();
    return result;
}

} // namespace Ebb
