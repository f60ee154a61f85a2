#pragma once

#include "Result.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace Ebb {

// Where a sync's alerts go: "alerts": {"webhook": "env:EBB_ALERT_URL", "rejectPercent": 5}, on
// a sync or in ebb.json for every sync (a sync's own settings win). The webhook URL is a
// secret (whoever has it can post to the channel), so the file names only the environment
// variable that holds it; Slack's and Teams' incoming webhooks both take the {"text": …} sent.
struct AlertSettings
{
    QString webhookVariable; // EBB_ALERT_URL of "env:EBB_ALERT_URL"
    std::optional<double> rejectPercent; // alert when more than this share of the rows is rejected

    bool any() const { return !webhookVariable.isEmpty(); }

    // `path` names the place in messages: "$.alerts".
    static Result<AlertSettings> parse(const QJsonObject& json, const QString& path);
    // The sync's own "alerts" over the workspace's.
    static Result<AlertSettings> forSync(const QJsonObject& workspaceAlerts, const QJsonObject& syncAlerts);
};

} // namespace Ebb
