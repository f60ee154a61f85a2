#pragma once

#include <QString>
#include <QStringList>

namespace Ebb {

// A connection or sync file the loader could not take, kept so that it stops only what
// depends on it: one teammate's typo in syncs/b.json must not stop every other sync.
struct BrokenFile
{
    QString id; // the id it declares, else its file name without ".json"
    QString file; // relative to the workspace: "syncs/b.json"
    QStringList problems; // as the loader words them: "syncs/b.json: $.mode: …"
    QStringList uses; // for a sync, the connections it names (their problems are its problems too)
};

} // namespace Ebb
