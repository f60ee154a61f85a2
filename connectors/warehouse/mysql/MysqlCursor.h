#pragma once

#include "MysqlSession.h"
#include "connectors/warehouse/RowCursor.h"

#include <QSqlQuery>

namespace Ebb {

// A query's rows from MySQL or MariaDB in pages. Qt's QMYSQL driver holds a whole result in
// memory (mysql_store_result), so a long result is read a page at a time — the statement
// again with LIMIT and OFFSET — and memory stays at one page. Pages of a statement ordered by
// the key (what runs read) add up to the result exactly; rows whose order the statement
// leaves open (a duplicated key's rows, which are all rejected) may swap places between
// pages, never change their count. Owns its session.
class MysqlCursor : public RowCursor
{
public:
    // `paged`: the statement as LIMIT and OFFSET can follow it (`pageSize` rows a page);
    // otherwise it runs once, whole (a statement that limits itself).
    MysqlCursor(
        std::unique_ptr<MysqlSession> session, QString sql, bool paged, QString connectionId, int pageSize = 20000);
    // Runs the first page: the statement's errors and its columns are known after it.
    Result<void> start();

    const QList<Column>& columns() const override { return m_columns; }
    Result<RowBatch> next(int maxRows) override;
    bool atEnd() const override { return m_atEnd; }

    // Ebb's columns for an executed query's fields, from their MySQL types and character sets.
    static QList<Column> columnsOf(const QSqlQuery& query);

private:
    Result<void> readPage();

    std::unique_ptr<MysqlSession> m_session;
    QString m_sql;
    bool m_paged;
    QList<Column> m_columns;
    QString m_connectionId;
    int m_pageSize;
    QSqlQuery m_query;
    bool m_pageOpen = false;
    qint64 m_offset = 0; // rows of the pages read so far
    int m_rowsInPage = 0;
    bool m_lastPage = false;
    bool m_atEnd = false;
};

} // namespace Ebb
