#pragma once

// What Journal's source files share; not for use outside app/journal.

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <sqlite3.h>

namespace Ebb::JournalSql {

// records.status
enum StatusCode { Synced = 0, Pending = 1, Failed = 2 };

inline QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// records.updated_at: milliseconds since the Unix epoch, UTC
inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

inline void bindText(sqlite3_stmt* stmt, int index, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

inline void bindBlob(sqlite3_stmt* stmt, int index, const QByteArray& bytes)
{
    sqlite3_bind_blob(stmt, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
}

inline QString columnText(sqlite3_stmt* stmt, int index)
{
    return QString::fromUtf8(
        reinterpret_cast<const char*>(sqlite3_column_text(stmt, index)), sqlite3_column_bytes(stmt, index));
}

inline QByteArray columnBlob(sqlite3_stmt* stmt, int index)
{
    return QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt, index)), sqlite3_column_bytes(stmt, index));
}

// Resets a cached statement when the read is over: a statement left on a row keeps a read
// transaction open, which stops checkpoints and table changes on this connection.
class ResetOnExit
{
public:
    explicit ResetOnExit(sqlite3_stmt* stmt)
        : m_stmt(stmt)
    {
    }
    ~ResetOnExit() { sqlite3_reset(m_stmt); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    sqlite3_stmt* m_stmt;
};

} // namespace Ebb::JournalSql
