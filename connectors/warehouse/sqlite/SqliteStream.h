#pragma once

#include "SqliteHandle.h"
#include "connectors/warehouse/RowStream.h"

#include <vector>

namespace Ebb {

class SqliteStream : public RowStream
{
public:
    SqliteStream(SqliteHandle db, SqliteStatement stmt, QList<Column> columns, QString connectionId);

    const QList<Column>& columns() const override { return m_columns; }
    Result<RowBatch> next(int maxRows) override;
    bool atEnd() const override { return m_atEnd; }

    // Converts the current row's cell as the column's declared type says; a value that
    // does not fit (text in an INTEGER column, a time in a DATE column) stays as its text,
    // so validation can name it instead of the cursor silently changing it.
    static QVariant cellValue(sqlite3_stmt* stmt, int index, ValueType type, bool declared);

private:
    void settleUndeclaredTypes();

    SqliteHandle m_db;
    SqliteStatement m_stmt;
    QList<Column> m_columns;
    QString m_connectionId;
    std::vector<bool> m_declared;
    int m_pendingStep = -1; // the result code of a step taken but not yet read
    bool m_atEnd = false;
};

} // namespace Ebb
