#pragma once

#include "OdbcSession.h"
#include "connectors/warehouse/RowStream.h"

#include <QSqlQuery>
#include <memory>

class QSqlRecord;

namespace Ebb {

// A query's rows through ODBC, forward only: QODBC fetches row by row (SQLFetch), so the
// rows stream in constant memory. Owns its session.
class OdbcStream : public RowStream
{
public:
    // `query` executed, forward only, on `session`'s connection.
    OdbcStream(std::unique_ptr<OdbcSession> session, QSqlQuery query, QString connectionId);
    ~OdbcStream() override;

    const QList<Column>& columns() const override { return m_columns; }
    Result<RowBatch> next(int maxRows) override;
    bool atEnd() const override { return m_atEnd; }

    // Ebb's columns for a result's fields, from their ODBC SQL types.
    static QList<Column> columnsOf(const QSqlRecord& record);

private:
    QVariant cell(int index) const;

    std::unique_ptr<OdbcSession> m_session;
    QSqlQuery m_query;
    QList<Column> m_columns;
    QString m_connectionId;
    bool m_atEnd = false;
};

} // namespace Ebb
