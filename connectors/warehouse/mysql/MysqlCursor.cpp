#include "MysqlCursor.h"

#include "connectors/warehouse/QtSqlValue.h"

#include <QSqlError>
#include <QSqlField>
#include <QSqlRecord>
#include <QSqlResult>
#include <mysql.h>

namespace Ebb {

namespace {

// MySQL's field types (mysql_com.h's enum_field_types), as QMYSQL reports them in typeID().
enum MysqlType {
    Decimal = 0,
    Tiny = 1,
    Short = 2,
    Long = 3,
    Float = 4,
    Double = 5,
    Timestamp = 7,
    LongLong = 8,
    Int24 = 9,
    Date = 10,
    Time = 11,
    DateTime = 12,
    Year = 13,
    NewDate = 14,
    Bit = 16,
    Json = 245,
    NewDecimal = 246
};

} // namespace

MysqlCursor::MysqlCursor(
    std::unique_ptr<MysqlSession> session, QString sql, bool paged, QString connectionId, int pageSize)
    : m_session(std::move(session))
    , m_sql(std::move(sql))
    , m_paged(paged)
    , m_connectionId(std::move(connectionId))
    , m_pageSize(pageSize)
    , m_query(m_session->database())
{
}

QList<Column> MysqlCursor::columnsOf(const QSqlQuery& query)
{
    // QMYSQL hands text of a _bin collation over as bytes, as it does binary strings: the
    // field's character set tells them apart (63 is "binary").
    const QSqlRecord record = query.record();
    MYSQL_RES* result = nullptr;
    if (const QVariant handle = query.result()->handle(); handle.metaType() == QMetaType::fromType<MYSQL_RES*>())
        result = *static_cast<MYSQL_RES* const*>(handle.constData());
    const auto binary = [result](int i) {
        const MYSQL_FIELD* field = result ? mysql_fetch_field_direct(result, unsigned(i)) : nullptr;
        return field && field->charsetnr == 63;
    };
    QList<Column> columns;
    for (int i = 0; i < record.count(); ++i) {
        const QSqlField field = record.field(i);
        ValueType type = ValueType::Text;
        QString native = QStringLiteral("VARCHAR");
        switch (field.typeID()) {
        case Tiny:
            // BOOLEAN is TINYINT(1).
            type = field.length() == 1 ? ValueType::Bool : ValueType::Integer;
            native = field.length() == 1 ? QStringLiteral("TINYINT(1)") : QStringLiteral("TINYINT");
            break;
        case Short:
        case Long:
        case LongLong:
        case Int24:
        case Year:
            type = ValueType::Integer;
            native = QStringLiteral("INTEGER");
            break;
        case Float:
        case Double:
            type = ValueType::Double;
            native = QStringLiteral("DOUBLE");
            break;
        case Decimal:
        case NewDecimal:
            type = ValueType::Numeric;
            native = QStringLiteral("DECIMAL");
            break;
        case Date:
        case NewDate:
            type = ValueType::Date;
            native = QStringLiteral("DATE");
            break;
        case Timestamp:
        case DateTime:
            type = ValueType::Timestamp;
            native = field.typeID() == Timestamp ? QStringLiteral("TIMESTAMP") : QStringLiteral("DATETIME");
            break;
        case Json:
            type = ValueType::Json;
            native = QStringLiteral("JSON");
            break;
        case Bit:
            type = ValueType::Bytes;
            native = QStringLiteral("BIT");
            break;
        default:
            // Text and blobs: bytes only in the binary character set.
            if (result ? binary(i) : field.metaType() == QMetaType::fromType<QByteArray>()) {
                type = ValueType::Bytes;
                native = QStringLiteral("BLOB");
            }
        }
        columns.append({record.fieldName(i), type, native});
    }
    return columns;
}

Result<void> MysqlCursor::start()
{
    if (auto read = readPage(); !read)
        return read;
    m_columns = columnsOf(m_query);
    return {};
}

Result<void> MysqlCursor::readPage()
{
    m_query.finish();
    m_query.setForwardOnly(true);
    m_query.setNumericalPrecisionPolicy(QSql::HighPrecision); // decimals as their exact text
    const QString sql
        = m_paged ? QStringLiteral("%1\nLIMIT %2 OFFSET %3").arg(m_sql).arg(m_pageSize).arg(m_offset) : m_sql;
    if (!m_query.exec(sql))
        return Error::database(m_query.lastError().databaseText().trimmed()); // the warehouse names the connection
    m_pageOpen = true;
    m_rowsInPage = 0;
    return {};
}

Result<RowBatch> MysqlCursor::next(int maxRows)
{
    RowBatch batch(m_columns);
    batch.reserveRows(maxRows);
    while (!m_atEnd && batch.rowCount() < maxRows) {
        if (!m_pageOpen) {
            if (auto read = readPage(); !read) {
                m_atEnd = true;
                return read.error();
            }
        }
        if (!m_query.next()) {
            m_pageOpen = false;
            m_offset += m_rowsInPage;
            // A short page (or the one statement, unpaged) was the last.
            if (!m_paged || m_rowsInPage < m_pageSize) {
                m_atEnd = true;
                m_query.finish();
            }
            continue;
        }
        ++m_rowsInPage;
        for (int c = 0; c < m_columns.size(); ++c)
            batch.append(m_query.isNull(c) ? QVariant() : QtSqlValue::convert(m_query.value(c), m_columns[c].type));
    }
    return batch;
}

} // namespace Ebb
