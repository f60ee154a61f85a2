#pragma once

#include "models/AlertSettings.h"
#include "models/LogLevel.h"
#include "models/RunReport.h"
#include "models/Workspace.h"

namespace Ebb {

// After a run: an alert to the sync's (or the workspace's) alert webhook when the sync goes
// wrong — the run failed, a guard stopped it, or it rejected more than `rejectPercent` of its
// rows — and one more when it recovers; never more than one per sync per change of state
// (the last state sent is kept in .ebb/alerts.json, under a lock, across processes). The
// body is {"text": …}, which Slack's and Teams' incoming webhooks both take: the sync, the
// run, its counts and its first reasons. A webhook that cannot be reached is logged, never
// fails the run. A CLI run (RunOptions::desktopNotice) says the same change of state on the
// desktop too, once, through the session's notification service. Returns what was sent to
// the webhook ("" when nothing was).
class Alerter
{
public:
    using Log = std::function<void(LogLevel level, const QString& text)>;

    static QString afterRun(const Workspace& workspace, const SyncSpec& sync, const RunReport& report, const Log& log);
    // The state a run leaves its sync in: "failing" (with why) or "ok".
    static QString stateOf(const RunReport& report, std::optional<double> rejectPercent, QString* why);

private:
    static bool sendToWebhook(const AlertSettings& settings, const SyncSpec& sync, const QString& text, const Log& log);
};

} // namespace Ebb
