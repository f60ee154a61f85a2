#pragma once

#include "MysqlSession.h"
#include "connectors/warehouse/RowStream.h"

#include <vector>

struct st_mysql;
struct st_mysql_res;

namespace Ebb {

// A query's rows from MySQL or MariaDB, streamed. Qt's QMYSQL driver would hold a whole
// result in memory (mysql_store_result); this reads the one statement row by row
// (mysql_use_result) on the session's connection (QSqlDriver::handle()), in constant memory,
// and converts each cell from the text the server sends: integers, exact decimals, dates and
// UTC timestamps parsed as written, bytes where the character set is binary. Owns its session.
class MysqlStream : public RowStream
{
public:
    MysqlStream(std::unique_ptr<MysqlSession> session, QString connectionId);
    ~MysqlStream() override;

    // Runs `sql`; its errors (the server's words) and its columns are known after it.
    Result<void> start(const QString& sql);
    const QList<Column>& columns() const override { return m_columns; }
    Result<RowBatch> next(int maxRows) override;
    bool atEnd() const override { return m_atEnd; }

    // The columns of `sql`'s result, without its rows (LIMIT 0 around it), on `session`.
    static Result<QList<Column>> describe(MysqlSession& session, const QString& sql);

private:
    static QList<Column> columnsOf(st_mysql_res* result, std::vector<bool>* isBool);
    QVariant cell(const char* data, unsigned long length, int column) const;

    std::unique_ptr<MysqlSession> m_session;
    QString m_connectionId;
    st_mysql_res* m_result = nullptr;
    QList<Column> m_columns;
    std::vector<bool> m_bool; // TINYINT(1): 0 and 1 are false and true
    bool m_atEnd = false;
};

} // namespace Ebb
