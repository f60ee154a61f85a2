#pragma once

#include "RejectRule.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Ebb {

// A row the destination would refuse, and why. Rejects are never sent; they are stored per
// run and the row is tried again when it changes.
struct Reject
{
    QString key; // the row's primary key, as text ("" for a NULL key)
    QString field; // the destination field at fault ("" for key problems)
    RejectRule rule = RejectRule::Type;
    QString message; // for a person: "\"Premium\" is not one of free, starter, pro, enterprise"
    QString value; // the offending value as text
    QByteArray payload; // the mapped record as JSON, when mapping got that far
};

// Two problems that read the same, so a list can show them as one line that counts them: the
// rows without a key that share a fault, the rows of a repeated key.
inline bool readsTheSame(const Reject& a, const Reject& b)
{
    return a.key == b.key && a.field == b.field && a.rule == b.rule && a.value == b.value && a.message == b.message;
}

// How many problems from `from` on read the same as the one there (at least 1): one line's.
inline qsizetype sameRun(const QList<Reject>& problems, qsizetype from)
{
    qsizetype same = 1;
    while (from + same < problems.size() && readsTheSame(problems[from + same], problems[from]))
        ++same;
    return same;
}

// What a line that stands for `rows` problems like `problem` adds to its message: " (12 rows)";
// nothing for one, or where the message counts them itself (a repeated key's "2 rows share…").
inline QString rowsNote(const Reject& problem, qsizetype rows)
{
    return rows > 1 && problem.rule != RejectRule::DuplicateKey ? QStringLiteral(" (%1 rows)").arg(rows) : QString();
}

} // namespace Ebb
