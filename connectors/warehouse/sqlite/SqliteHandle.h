#pragma once

#include "models/Result.h"

#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace Ebb {

// Owns a sqlite3 connection and closes it; the C API is used directly for the declared
// column types and error offsets QtSql's driver does not expose.
class SqliteHandle
{
public:
    // Immutable: read-only, without locks or a WAL index, for a file nothing writes while it is
    // open (a WAL database in a folder one may not write, where the index cannot be created).
    enum class Mode { ReadOnly, ReadWriteCreate, Immutable };

    SqliteHandle() = default;
    ~SqliteHandle();
    SqliteHandle(SqliteHandle&& other) noexcept
        : m_db(other.m_db)
    {
        other.m_db = nullptr;
    }
    SqliteHandle& operator=(SqliteHandle&& other) noexcept;
    SqliteHandle(const SqliteHandle&) = delete;
    SqliteHandle& operator=(const SqliteHandle&) = delete;

    // Opens `path`; a read-only open of a missing file fails instead of creating it.
    static Result<SqliteHandle> open(const QString& path, Mode mode);

    sqlite3* get() const { return m_db; }
    QString lastError() const;
    // Runs a script of several statements (the demo seed).
    Result<void> exec(const QString& script);

private:
    explicit SqliteHandle(sqlite3* db)
        : m_db(db)
    {
    }

    sqlite3* m_db = nullptr;
};

// Owns a prepared statement.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    explicit SqliteStatement(sqlite3_stmt* stmt)
        : m_stmt(stmt)
    {
    }
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept
        : m_stmt(other.m_stmt)
    {
        other.m_stmt = nullptr;
    }
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    sqlite3_stmt* get() const { return m_stmt; }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace Ebb
