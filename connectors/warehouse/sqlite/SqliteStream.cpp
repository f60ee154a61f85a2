#include "SqliteStream.h"

#include "models/IsoTime.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/ValueText.h"

#include <sqlite3.h>
#include <utility>

namespace Ebb {

namespace {

std::string_view textOf(sqlite3_stmt* stmt, int index)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
    return {text ? text : "", size_t(sqlite3_column_bytes(stmt, index))};
}

QString qstring(std::string_view text)
{
    return textFromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace

SqliteStream::SqliteStream(SqliteHandle db, SqliteStatement stmt, QList<Column> columns, QString connectionId)
    : m_db(std::move(db))
    , m_stmt(std::move(stmt))
    , m_columns(std::move(columns))
    , m_connectionId(std::move(connectionId))
{
    for (const auto& column : m_columns)
        m_declared.push_back(!column.nativeType.isEmpty());
    // Step to the first row now: an expression column's type is only known from a value,
    // and columns() must be right before the first batch is read.
    m_pendingStep = sqlite3_step(m_stmt.get());
    if (m_pendingStep == SQLITE_ROW)
        settleUndeclaredTypes();
}

QVariant SqliteStream::cellValue(sqlite3_stmt* stmt, int index, ValueType type, bool declared)
{
    const int storage = sqlite3_column_type(stmt, index);
    if (storage == SQLITE_NULL)
        return {};
    switch (declared ? type : ValueType::Bytes) {
    case ValueType::Integer:
        if (storage == SQLITE_INTEGER)
            return QVariant(qint64(sqlite3_column_int64(stmt, index)));
        break;
    case ValueType::Double:
        if (storage == SQLITE_INTEGER || storage == SQLITE_FLOAT)
            return QVariant(sqlite3_column_double(stmt, index));
        break;
    case ValueType::Bool:
        if (storage == SQLITE_INTEGER) {
            const auto v = sqlite3_column_int64(stmt, index);
            if (v == 0 || v == 1)
                return QVariant(v == 1);
        } else if (storage == SQLITE_TEXT) {
            const auto text = textOf(stmt, index);
            if (text == "true" || text == "t" || text == "TRUE")
                return QVariant(true);
            if (text == "false" || text == "f" || text == "FALSE")
                return QVariant(false);
        }
        break;
    case ValueType::Date:
        if (storage == SQLITE_TEXT) {
            if (const auto date = IsoTime::parseDate(textOf(stmt, index)))
                return QVariant(*date);
        }
        break;
    case ValueType::Timestamp:
        if (storage == SQLITE_TEXT) {
            if (const auto ts = IsoTime::parseTimestamp(textOf(stmt, index)))
                return QVariant(*ts);
        } else if (storage == SQLITE_INTEGER) { // Unix time, as SQLite's own date functions allow
            return QVariant(QDateTime::fromSecsSinceEpoch(sqlite3_column_int64(stmt, index), Qt::UTC));
        }
        break;
    case ValueType::Bytes:
        if (declared)
            return QVariant(QByteArray(
                static_cast<const char*>(sqlite3_column_blob(stmt, index)), sqlite3_column_bytes(stmt, index)));
        break;
    case ValueType::Numeric:
        // A REAL cell as the shortest decimal that is the same double: SQLite's own text
        // (%!.15g) gives "1.23456789012346e+19", which loses digits and which numeric
        // destinations refuse.
        if (storage == SQLITE_FLOAT) {
            if (const auto decimal = Decimal::fromDouble(sqlite3_column_double(stmt, index)))
                return QVariant(decimal->text);
        }
        return QVariant(qstring(textOf(stmt, index)));
    case ValueType::Json:
    case ValueType::Text:
        return QVariant(qstring(textOf(stmt, index)));
    }
    // No declared type, or a value that does not fit it: keep what SQLite holds.
    switch (storage) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(stmt, index)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(stmt, index));
    case SQLITE_BLOB:
        return QVariant(
            QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt, index)), sqlite3_column_bytes(stmt, index)));
    default:
        return QVariant(qstring(textOf(stmt, index)));
    }
}

void SqliteStream::settleUndeclaredTypes()
{
    // An expression column (count(*), a || b) has no declared type: the first row's
    // storage class names it, so the preview and the type checks see a number as a number.
    for (int c = 0; c < m_columns.size(); ++c) {
        if (m_declared[size_t(c)])
            continue;
        switch (sqlite3_column_type(m_stmt.get(), c)) {
        case SQLITE_INTEGER:
            m_columns[c].type = ValueType::Integer;
            break;
        case SQLITE_FLOAT:
            m_columns[c].type = ValueType::Double;
            break;
        case SQLITE_BLOB:
            m_columns[c].type = ValueType::Bytes;
            break;
        default:
            break;
        }
    }
}

Result<RowBatch> SqliteStream::next(int maxRows)
{
    RowBatch batch(m_columns);
    if (m_atEnd)
        return batch;
    batch.reserveRows(maxRows);
    const int columnCount = int(m_columns.size());
    for (int row = 0; row < maxRows; ++row) {
        const int rc = m_pendingStep >= 0 ? std::exchange(m_pendingStep, -1) : sqlite3_step(m_stmt.get());
        if (rc == SQLITE_DONE) {
            m_atEnd = true;
            break;
        }
        if (rc != SQLITE_ROW) {
            m_atEnd = true;
            return Error::database(QStringLiteral("connection \"%1\": %2").arg(m_connectionId, m_db.lastError()));
        }
        for (int c = 0; c < columnCount; ++c)
            batch.append(cellValue(m_stmt.get(), c, m_columns[c].type, m_declared[size_t(c)]));
    }
    return batch;
}

} // namespace Ebb
