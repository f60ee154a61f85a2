#include "WrappedQuery.h"

#include <QRegularExpression>
#include <algorithm>

namespace Ebb {

WrappedQuery::WrappedQuery(QString wrapped, QString userSql, const QString& embedded, QString purpose)
    : m_wrapped(std::move(wrapped))
    , m_userSql(std::move(userSql))
    , m_purpose(std::move(purpose))
    , m_length(embedded.size())
{
    m_leading = std::max<qsizetype>(0, m_userSql.indexOf(embedded));
    // The wrappers put the user's text on lines of its own; searching with the line breaks
    // keeps a short query ("t") from matching inside Ebb's own words.
    const QString needle = QLatin1Char('\n') + embedded + QLatin1Char('\n');
    for (qsizetype at = m_wrapped.indexOf(needle); at >= 0; at = m_wrapped.indexOf(needle, at + 1))
        m_starts << at + 1;
}

std::optional<int> WrappedQuery::userPosition(int position) const
{
    const qsizetype offset = position - 1;
    for (const qsizetype start : m_starts) {
        if (offset >= start && offset < start + m_length)
            return int(offset - start + m_leading) + 1;
    }
    return std::nullopt;
}

QString WrappedQuery::outside(const QString& serverMessage, int position) const
{
    // The wrapper's line at fault, as the server read it.
    const qsizetype offset = std::clamp<qsizetype>(position - 1, 0, m_wrapped.size());
    const qsizetype lineStart = m_wrapped.lastIndexOf(QLatin1Char('\n'), offset - 1) + 1;
    qsizetype lineEnd = m_wrapped.indexOf(QLatin1Char('\n'), offset);
    if (lineEnd < 0)
        lineEnd = m_wrapped.size();
    const QString line = m_wrapped.mid(lineStart, lineEnd - lineStart).trimmed();

    QString hint = QStringLiteral("check that the query's result has each column the sync file names exactly once");
    static const QRegularExpression ambiguous(QStringLiteral("column reference \"(.+)\" is ambiguous"));
    if (const auto m = ambiguous.match(serverMessage); m.hasMatch())
        hint = QStringLiteral(
            "the query's result has two columns named \"%1\"; give each a name of its own (… AS another_name)")
                   .arg(m.captured(1));
    return QStringLiteral("in the SQL Ebb wraps around the query to %1, not in the query itself (at `%2`): %3")
        .arg(m_purpose, line, hint);
}

} // namespace Ebb
