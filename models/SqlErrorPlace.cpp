#include "SqlErrorPlace.h"

#include <QRegularExpression>
#include <QStringList>

namespace Ebb::SqlErrorPlace {

namespace {

// "line 2, column 14" → the character position of that place.
int lineAndColumn(const QString& sql, const QString& message)
{
    static const QRegularExpression place(QStringLiteral("line (\\d+), column (\\d+)"));
    const QRegularExpressionMatch match = place.match(message);
    if (!match.hasMatch())
        return 0;
    int offset = 0;
    const QStringList lines = sql.split(QLatin1Char('\n'));
    for (int l = 0; l < match.captured(1).toInt() - 1 && l < lines.size(); ++l)
        offset += int(lines[l].size()) + 1;
    return offset + match.captured(2).toInt();
}

// The object an error names, as the query may spell it: "main.t.col" is looked for whole,
// then without its qualifiers.
QStringList namedObject(const QString& message)
{
    static const QRegularExpression patterns[] = {
        QRegularExpression(QStringLiteral("no such (?:table|column|function): ([\\w.$]+)")), // SQLite
        QRegularExpression(QStringLiteral("Table '([\\w.$]+)' doesn't exist")), // MySQL, MariaDB
        QRegularExpression(QStringLiteral("Unknown (?:column|table) '([\\w.$]+)'")),
    };
    for (const QRegularExpression& pattern : patterns) {
        const QRegularExpressionMatch match = pattern.match(message);
        if (!match.hasMatch())
            continue;
        QStringList names{match.captured(1)};
        for (qsizetype dot = names.last().indexOf(QLatin1Char('.')); dot >= 0;
             dot = names.last().indexOf(QLatin1Char('.')))
            names << names.last().mid(dot + 1);
        return names;
    }
    return {};
}

// The first whole-word, case-insensitive occurrence of `word` outside quotes and comments.
int wordPosition(const QString& sql, const QString& word)
{
    const auto isWord = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$'); };
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            quote = c;
            continue;
        }
        if (c == QLatin1Char('-') && sql.mid(i, 2) == QLatin1String("--")) {
            i = sql.indexOf(QLatin1Char('\n'), i);
            if (i < 0)
                return 0;
            continue;
        }
        if (sql.mid(i, word.size()).compare(word, Qt::CaseInsensitive) == 0 && (i == 0 || !isWord(sql[i - 1]))
            && (i + word.size() >= sql.size() || !isWord(sql[i + word.size()])))
            return int(i) + 1;
    }
    return 0;
}

} // namespace

int find(const QString& sql, const QString& message)
{
    if (const int at = lineAndColumn(sql, message); at > 0)
        return at;
    for (const QString& name : namedObject(message)) {
        if (const int at = wordPosition(sql, name); at > 0)
            return at;
    }
    return 0;
}

} // namespace Ebb::SqlErrorPlace
