#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace Ebb {

// SQL Ebb wrote around a user's query (to sort it by the key, to read only the rows whose
// cursor moved), and where the user's text sits in it. A server reports an error's position
// in the SQL it was given; this maps it back into the user's query, or says that the error is
// in the wrapper and why, so nobody looks for "line 3, column 26" in a one-line query.
class WrappedQuery
{
public:
    // `userSql` as written; `embedded`, the part of it placed in `wrapped` (trimmed, without
    // a trailing semicolon or comment), each time between line breaks; `purpose` ends "Ebb
    // wraps the query to …" ("read its rows sorted by its key \"id\"").
    WrappedQuery(QString wrapped, QString userSql, const QString& embedded, QString purpose);

    const QString& text() const { return m_wrapped; }
    const QString& userSql() const { return m_userSql; }
    // The 1-based position in the user's query of 1-based `position` in the wrapped text, if it
    // falls inside one of the user's copies.
    std::optional<int> userPosition(int position) const;
    // Why an error at `position` (outside the user's text) is in the wrapper, with a hint that
    // fits `serverMessage` where one is known.
    QString outside(const QString& serverMessage, int position) const;

private:
    QString m_wrapped;
    QString m_userSql;
    QString m_purpose;
    QList<qsizetype> m_starts; // 0-based offsets of the user's text in m_wrapped
    qsizetype m_length = 0;
    qsizetype m_leading = 0; // offset of the embedded text in m_userSql (blank space before it)
};

} // namespace Ebb
