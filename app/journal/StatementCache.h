#pragma once

#include "connectors/warehouse/sqlite/SqliteHandle.h"

#include <sqlite3.h>
#include <utility>
#include <vector>

namespace Ebb {

// Prepared statements of one connection, prepared once and found again by the address of
// their SQL (always a string literal), so a statement run per row is not parsed per row.
class StatementCache
{
public:
    // The statement for `sql`, reset and without bindings; nullptr when it does not prepare.
    sqlite3_stmt* get(sqlite3* db, const char* sql)
    {
        for (auto& [text, stmt] : m_statements) {
            if (text == sql) {
                sqlite3_reset(stmt.get());
                sqlite3_clear_bindings(stmt.get());
                return stmt.get();
            }
        }
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
            return nullptr;
        m_statements.emplace_back(sql, SqliteStatement(raw));
        return raw;
    }

private:
    std::vector<std::pair<const char*, SqliteStatement>> m_statements;
};

} // namespace Ebb
