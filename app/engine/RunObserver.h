#pragma once

#include "models/LogLevel.h"
#include "models/RunReport.h"
#include "models/mapping/Reject.h"

#include <QString>

namespace Ebb {

struct RunProgress
{
    QString sync;
    QString phase; // "diff", "dispatch"
    RunCounts counts;
    qint64 toSend = -1; // known once the diff is complete; -1 while streaming
    double rowsPerSecond = 0;
    double etaSeconds = -1;
};

// How a run talks to whoever watches it: the CLI prints, the GUI's SyncWorker turns these
// into queued signals. Called on the run's threads (the diff's and the writer's), never two
// calls at once (SyncRunner serialises them).
class RunObserver
{
public:
    virtual ~RunObserver() = default;
    virtual void onLog(LogLevel /*level*/, const QString& /*text*/) { }
    virtual void onProgress(const RunProgress& /*progress*/) { }
    virtual void onReject(const Reject& /*reject*/) { }
};

} // namespace Ebb
