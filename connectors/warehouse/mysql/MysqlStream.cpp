#include "MysqlStream.h"

#include "models/IsoTime.h"
#include "models/mapping/Decimal.h"

#include <QSqlDriver>
#include <mysql.h>

namespace Ebb {

namespace {

MYSQL* handleOf(const MysqlSession& session)
{
    const QVariant handle = session.database().driver()->handle();
    return handle.metaType() == QMetaType::fromType<MYSQL*>() ? *static_cast<MYSQL* const*>(handle.constData())
                                                              : nullptr;
}

QString serverError(MYSQL* mysql)
{
    return QString::fromUtf8(mysql_error(mysql)).trimmed();
}

} // namespace

MysqlStream::MysqlStream(std::unique_ptr<MysqlSession> session, QString connectionId)
    : m_session(std::move(session))
    , m_connectionId(std::move(connectionId))
{
}

MysqlStream::~MysqlStream()
{
    if (m_result)
        mysql_free_result(m_result); // reads and drops what the server still sends
}

QList<Column> MysqlStream::columnsOf(MYSQL_RES* result, std::vector<bool>* isBool)
{
    QList<Column> columns;
    const unsigned count = mysql_num_fields(result);
    for (unsigned i = 0; i < count; ++i) {
        const MYSQL_FIELD* field = mysql_fetch_field_direct(result, i);
        const bool isUnsigned = field->flags & UNSIGNED_FLAG;
        const bool binary = field->charsetnr == 63;
        ValueType type = ValueType::Text;
        QString native;
        bool boolean = false;
        switch (field->type) {
        case MYSQL_TYPE_TINY:
            boolean = field->length == 1; // BOOLEAN is TINYINT(1)
            type = boolean ? ValueType::Bool : ValueType::Integer;
            native = boolean ? QStringLiteral("TINYINT(1)") : QStringLiteral("TINYINT");
            break;
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_YEAR:
            type = ValueType::Integer;
            native = QStringLiteral("INTEGER");
            break;
        case MYSQL_TYPE_LONGLONG:
            // Past 2^63 an unsigned BIGINT is no qint64: exact as a decimal.
            type = isUnsigned ? ValueType::Numeric : ValueType::Integer;
            native = isUnsigned ? QStringLiteral("BIGINT UNSIGNED") : QStringLiteral("BIGINT");
            break;
        case MYSQL_TYPE_FLOAT:
        case MYSQL_TYPE_DOUBLE:
            type = ValueType::Double;
            native = QStringLiteral("DOUBLE");
            break;
        case MYSQL_TYPE_DECIMAL:
        case MYSQL_TYPE_NEWDECIMAL:
            type = ValueType::Numeric;
            native = QStringLiteral("DECIMAL");
            break;
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
            type = ValueType::Date;
            native = QStringLiteral("DATE");
            break;
        case MYSQL_TYPE_TIMESTAMP:
        case MYSQL_TYPE_DATETIME:
            type = ValueType::Timestamp;
            native = field->type == MYSQL_TYPE_TIMESTAMP ? QStringLiteral("TIMESTAMP") : QStringLiteral("DATETIME");
            break;
        case MYSQL_TYPE_JSON:
            type = ValueType::Json;
            native = QStringLiteral("JSON");
            break;
        case MYSQL_TYPE_BIT:
            type = ValueType::Bytes;
            native = QStringLiteral("BIT");
            break;
        case MYSQL_TYPE_TIME:
            native = QStringLiteral("TIME"); // a duration, up to 838 hours: text
            break;
        default:
            // Text and blobs: bytes only in the binary character set.
            type = binary ? ValueType::Bytes : ValueType::Text;
            native = binary ? QStringLiteral("BLOB") : QStringLiteral("TEXT");
        }
        columns.append({QString::fromUtf8(field->name, int(field->name_length)), type, native});
        if (isBool)
            isBool->push_back(boolean);
    }
    return columns;
}

Result<void> MysqlStream::start(const QString& sql)
{
    MYSQL* mysql = handleOf(*m_session);
    if (!mysql)
        return Error::database(QStringLiteral("the MySQL connection is not open"));
    const QByteArray text = sql.toUtf8();
    if (mysql_real_query(mysql, text.constData(), text.size()) != 0)
        return Error::database(serverError(mysql));
    m_result = mysql_use_result(mysql); // rows as they come, never the whole result
    if (!m_result)
        return Error::database(
            mysql_field_count(mysql) == 0 ? QStringLiteral("the statement returns no rows") : serverError(mysql));
    m_columns = columnsOf(m_result, &m_bool);
    return {};
}

Result<QList<Column>> MysqlStream::describe(MysqlSession& session, const QString& sql)
{
    MYSQL* mysql = handleOf(session);
    if (!mysql)
        return Error::database(QStringLiteral("the MySQL connection is not open"));
    const QByteArray text = QStringLiteral("SELECT * FROM (\n%1\n) AS ebb_describe LIMIT 0").arg(sql).toUtf8();
    if (mysql_real_query(mysql, text.constData(), text.size()) != 0)
        return Error::database(serverError(mysql));
    MYSQL_RES* result = mysql_store_result(mysql); // no rows: nothing to hold
    if (!result)
        return Error::database(serverError(mysql));
    const QList<Column> columns = columnsOf(result, nullptr);
    mysql_free_result(result);
    return columns;
}

QVariant MysqlStream::cell(const char* data, unsigned long length, int column) const
{
    const std::string_view text(data, length);
    const QString asText = QString::fromUtf8(data, qsizetype(length));
    switch (m_columns[column].type) {
    case ValueType::Integer:
    case ValueType::Bool: {
        bool ok = false;
        const qint64 n = QByteArrayView(data, qsizetype(length)).toLongLong(&ok);
        if (!ok)
            return asText;
        if (m_bool[size_t(column)] && (n == 0 || n == 1))
            return n == 1;
        return n; // a TINYINT(1) holding 2 stays a number: validation names it
    }
    case ValueType::Double: {
        bool ok = false;
        const double d = QByteArrayView(data, qsizetype(length)).toDouble(&ok);
        return ok ? QVariant(d) : QVariant(asText);
    }
    case ValueType::Numeric:
        if (const auto decimal = Decimal::parse(asText))
            return QVariant::fromValue(*decimal);
        return asText;
    case ValueType::Date:
        if (const auto date = IsoTime::parseDate(text))
            return *date;
        return asText; // 0000-00-00 and the like: as written
    case ValueType::Timestamp:
        // The session's clock is UTC: the text is a UTC wall time (never the desktop's zone).
        if (const auto at = IsoTime::parseTimestamp(text))
            return *at;
        return asText;
    case ValueType::Bytes:
        return QByteArray(data, qsizetype(length));
    default:
        return asText;
    }
}

Result<RowBatch> MysqlStream::next(int maxRows)
{
    RowBatch batch(m_columns);
    if (m_atEnd || !m_result)
        return batch;
    batch.reserveRows(maxRows);
    const int count = int(m_columns.size());
    for (int r = 0; r < maxRows; ++r) {
        MYSQL_ROW row = mysql_fetch_row(m_result);
        if (!row) {
            m_atEnd = true;
            MYSQL* mysql = handleOf(*m_session);
            if (mysql && mysql_errno(mysql) != 0)
                return Error::database(QStringLiteral("connection \"%1\": %2").arg(m_connectionId, serverError(mysql)));
            break;
        }
        const unsigned long* lengths = mysql_fetch_lengths(m_result);
        for (int c = 0; c < count; ++c)
            batch.append(row[c] ? cell(row[c], lengths[c], c) : QVariant());
    }
    return batch;
}

} // namespace Ebb
