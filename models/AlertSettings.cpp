#include "AlertSettings.h"

#include <QRegularExpression>

namespace Ebb {

Result<AlertSettings> AlertSettings::parse(const QJsonObject& json, const QString& path)
{
    AlertSettings settings;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != QLatin1String("webhook") && it.key() != QLatin1String("rejectPercent"))
            return Error::config(QStringLiteral("%1.%2: unknown key; alerts take \"webhook\" and \"rejectPercent\"")
                                     .arg(path, it.key()));
    }
    const QString webhook = json.value(QStringLiteral("webhook")).toString();
    static const QRegularExpression variable(QStringLiteral(R"(^env:([A-Za-z_][A-Za-z0-9_]*)$)"));
    if (const auto m = variable.match(webhook); m.hasMatch())
        settings.webhookVariable = m.captured(1);
    else if (json.contains(QStringLiteral("webhook")))
        return Error::config(QStringLiteral("%1.webhook: name the environment variable that holds the webhook's URL, "
                                            "\"env:EBB_ALERT_URL\"; the URL itself is a secret and stays out of files")
                                 .arg(path));
    if (json.contains(QStringLiteral("rejectPercent"))) {
        const QJsonValue value = json.value(QStringLiteral("rejectPercent"));
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 100)
            return Error::config(QStringLiteral("%1.rejectPercent: a percentage from 0 to 100").arg(path));
        settings.rejectPercent = value.toDouble();
    }
    return settings;
}

Result<AlertSettings> AlertSettings::forSync(const QJsonObject& workspaceAlerts, const QJsonObject& syncAlerts)
{
    QJsonObject merged = workspaceAlerts;
    for (auto it = syncAlerts.begin(); it != syncAlerts.end(); ++it)
        merged.insert(it.key(), it.value());
    return parse(merged, QStringLiteral("$.alerts"));
}

} // namespace Ebb
