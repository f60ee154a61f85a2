#pragma once

#include <QString>

namespace Ebb {

// Where in a query a database's error points: the 1-based character position the SQL editor
// marks, or 0. PostgreSQL's errors say it ("at line 2, column 14"); SQLite's and MySQL's
// only name the object ("no such table: customer_scorez", "Unknown column 'x' in 'field
// list'"), which is then looked for in the query as a whole word, outside quotes.
namespace SqlErrorPlace {

int find(const QString& sql, const QString& message);

} // namespace SqlErrorPlace

} // namespace Ebb
