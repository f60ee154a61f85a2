#include "OdbcStream.h"

#include "connectors/warehouse/QtSqlValue.h"

#include <QSqlError>
#include <QSqlField>
#include <QSqlRecord>
#include <sql.h>
#include <sqlext.h>

namespace Ebb {

namespace {

struct OdbcType
{
    ValueType type;
    const char* name;
};

OdbcType typeOf(int sqlType)
{
    switch (sqlType) {
    case SQL_BIT:
        return {ValueType::Bool, "BIT"};
    case SQL_TINYINT:
        return {ValueType::Integer, "TINYINT"};
    case SQL_SMALLINT:
        return {ValueType::Integer, "SMALLINT"};
    case SQL_INTEGER:
        return {ValueType::Integer, "INTEGER"};
    case SQL_BIGINT:
        return {ValueType::Integer, "BIGINT"};
    case SQL_REAL:
        return {ValueType::Double, "REAL"};
    case SQL_FLOAT:
        return {ValueType::Double, "FLOAT"};
    case SQL_DOUBLE:
        return {ValueType::Double, "DOUBLE"};
    case SQL_DECIMAL:
        return {ValueType::Numeric, "DECIMAL"};
    case SQL_NUMERIC:
        return {ValueType::Numeric, "NUMERIC"};
    case SQL_DATE:
    case SQL_TYPE_DATE:
        return {ValueType::Date, "DATE"};
    case SQL_TIMESTAMP:
    case SQL_TYPE_TIMESTAMP:
        return {ValueType::Timestamp, "TIMESTAMP"};
    case SQL_BINARY:
        return {ValueType::Bytes, "BINARY"};
    case SQL_VARBINARY:
        return {ValueType::Bytes, "VARBINARY"};
    case SQL_LONGVARBINARY:
        return {ValueType::Bytes, "LONGVARBINARY"};
    case SQL_GUID:
        return {ValueType::Text, "GUID"};
    case SQL_TYPE_TIME:
        return {ValueType::Text, "TIME"};
    case SQL_WCHAR:
    case SQL_CHAR:
        return {ValueType::Text, "CHAR"};
    case SQL_WLONGVARCHAR:
    case SQL_LONGVARCHAR:
        return {ValueType::Text, "LONGVARCHAR"};
    default:
        return {ValueType::Text, "VARCHAR"};
    }
}

} // namespace

OdbcStream::OdbcStream(std::unique_ptr<OdbcSession> session, QSqlQuery query, QString connectionId)
    : m_session(std::move(session))
    , m_query(std::move(query))
    , m_columns(columnsOf(m_query.record()))
    , m_connectionId(std::move(connectionId))
{
}

OdbcStream::~OdbcStream()
{
    m_query.finish();
    m_query = QSqlQuery(); // before the session's connection goes
}

QList<Column> OdbcStream::columnsOf(const QSqlRecord& record)
{
    QList<Column> columns;
    for (int i = 0; i < record.count(); ++i) {
        const OdbcType type = typeOf(record.field(i).typeID());
        columns.append({record.fieldName(i), type.type, QString::fromLatin1(type.name)});
    }
    return columns;
}

QVariant OdbcStream::cell(int index) const
{
    return m_query.isNull(index) ? QVariant() : QtSqlValue::convert(m_query.value(index), m_columns[index].type);
}

Result<RowBatch> OdbcStream::next(int maxRows)
{
    RowBatch batch(m_columns);
    if (m_atEnd)
        return batch;
    batch.reserveRows(maxRows);
    for (int r = 0; r < maxRows; ++r) {
        if (!m_query.next()) {
            m_atEnd = true;
            if (m_query.lastError().isValid()) {
                const QString driver = m_query.lastError().databaseText().trimmed();
                return Error::database(
                    QStringLiteral("connection \"%1\": %2")
                        .arg(m_connectionId, driver.isEmpty() ? m_query.lastError().text().trimmed() : driver));
            }
            break;
        }
        for (int c = 0; c < m_columns.size(); ++c)
            batch.append(cell(c));
    }
    return batch;
}

} // namespace Ebb
