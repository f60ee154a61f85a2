#include "Alerter.h"

#include "app/journal/Journal.h"
#include "app/workspace/JsonFile.h"
#include "connectors/http/HttpCall.h"
#include "connectors/http/HttpUrl.h"
#include "connectors/notify/DesktopNotifier.h"
#include "connectors/secrets/Redactor.h"
#include "models/AlertSettings.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLockFile>
#include <QUrl>

namespace Ebb {

namespace {

// The run's first reasons, as a person reads them: the error, or the first rejects' messages.
QStringList reasons(const Workspace& workspace, const SyncSpec& sync, const RunReport& report)
{
    if (!report.error.isEmpty())
        return {Redactor::redact(report.error.section(QLatin1Char('\n'), 0, 0))};
    QStringList lines;
    auto journal = Journal::openForReading(QDir(workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
    if (!journal)
        return lines;
    auto rejects = (*journal)->rejects(sync.id, report.runId, 3);
    for (const Reject& reject : rejects ? *rejects : QList<Reject>())
        lines << Redactor::redact(QStringLiteral("%1 (key %2)").arg(reject.message, reject.key));
    return lines;
}

} // namespace

QString Alerter::stateOf(const RunReport& report, std::optional<double> rejectPercent, QString* why)
{
    if (report.status == RunReport::Status::Failed || report.status == RunReport::Status::Stopped) {
        *why = report.status == RunReport::Status::Stopped ? QStringLiteral("stopped by a guard")
                                                           : QStringLiteral("failed");
        return QStringLiteral("failing");
    }
    if (rejectPercent && report.counts.queried > 0) {
        const double share = 100.0 * double(report.counts.rejected) / double(report.counts.queried);
        if (share > *rejectPercent) {
            *why = QStringLiteral("rejected %1% of its rows (more than %2%)").arg(share, 0, 'f', 1).arg(*rejectPercent);
            return QStringLiteral("failing");
        }
    }
    return QStringLiteral("ok");
}

QString Alerter::afterRun(const Workspace& workspace, const SyncSpec& sync, const RunReport& report, const Log& log)
{
    auto settings = AlertSettings::forSync(workspace.json.value(QStringLiteral("alerts")).toObject(), sync.alerts);
    const bool webhook = settings && settings->any();
    const bool desktop = report.options.desktopNotice;
    if ((!webhook && !desktop) || report.options.dryRun || !report.options.onlyKey.isNull()
        || report.status == RunReport::Status::Cancelled)
        return {};
    QString why;
    const QString state = stateOf(report, settings ? settings->rejectPercent : std::nullopt, &why);

    // The state last said on each channel, read and written under a lock: two processes
    // finishing runs of the same sync say it once, not twice.
    const QString path = QDir(workspace.stateDir()).filePath(QStringLiteral("alerts.json"));
    QLockFile lock(path + QStringLiteral(".lock"));
    lock.setStaleLockTime(120000); // held through a webhook's retries and a notification: never "stale" then
    if (!lock.tryLock(10000)) {
        log(LogLevel::Warning, QStringLiteral("alert not considered: %1 is locked").arg(path));
        return {};
    }
    QJsonObject states;
    if (QFile::exists(path)) {
        if (auto read = JsonFile::read(path, QStringLiteral(".ebb/alerts.json")))
            states = *read;
    }
    const QString webhookKey = sync.id;
    const QString desktopKey = QStringLiteral("desktop:") + sync.id;
    const bool webhookDue = webhook && states.value(webhookKey).toString(QStringLiteral("ok")) != state;
    const bool desktopDue = desktop && states.value(desktopKey).toString(QStringLiteral("ok")) != state;
    if (!webhookDue && !desktopDue)
        return {};

    const QString title = state == QLatin1String("failing") ? QStringLiteral("Ebb: sync %1 %2").arg(sync.id, why)
                                                            : QStringLiteral("Ebb: sync %1 recovered").arg(sync.id);
    QString reasonLines;
    if (state == QLatin1String("failing")) {
        if (const QStringList first = reasons(workspace, sync, report); !first.isEmpty())
            reasonLines = QStringLiteral("\n• ") + first.join(QStringLiteral("\n• "));
    }
    const QString text
        = QStringLiteral("%1 (run %2).\n%3").arg(title).arg(report.runId).arg(report.counts.text()) + reasonLines;
    const QString details = QStringLiteral("Run %1: %2").arg(report.runId).arg(report.counts.text()) + reasonLines;

    bool changed = false;
    if (webhookDue && sendToWebhook(*settings, sync, text, log)) {
        states.insert(webhookKey, state);
        changed = true;
        log(LogLevel::Info, QStringLiteral("alert sent for %1: %2").arg(sync.id, state));
    }
    if (desktopDue) {
        // No desktop (cron without a session, no notification service): said next time instead.
        if (auto shown = DesktopNotifier::notify(title, details, state == QLatin1String("failing")); shown) {
            states.insert(desktopKey, state);
            changed = true;
        } else {
            log(LogLevel::Debug,
                QStringLiteral("no desktop notification for %1: %2").arg(sync.id, shown.error().message));
        }
    }
    if (changed) {
        if (auto written = JsonFile::write(path, states); !written)
            log(LogLevel::Warning, written.error().message);
    }
    return webhookDue && states.value(webhookKey).toString() == state ? text : QString();
}

bool Alerter::sendToWebhook(const AlertSettings& settings, const SyncSpec& sync, const QString& text, const Log& log)
{
    const QString url = qEnvironmentVariable(settings.webhookVariable.toUtf8().constData());
    if (url.isEmpty() || !HttpUrl::problem(url).isEmpty()) {
        log(LogLevel::Warning,
            QStringLiteral("alert for %1 not sent: %2 does not hold an https URL (%3)")
                .arg(sync.id, settings.webhookVariable,
                    url.isEmpty() ? QStringLiteral("it is not set") : HttpUrl::problem(url)));
        return false;
    }
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("text"), text}}).toJson(QJsonDocument::Compact);
    auto answer = HttpCall::send(request, QByteArrayLiteral("POST"), body, HttpCall::Options{10000, 2, nullptr, 0});
    if (!answer || answer->status < 200 || answer->status >= 300) {
        // Not recorded as sent: the next run's alert says it again.
        log(LogLevel::Warning,
            QStringLiteral("alert for %1 not delivered: %2")
                .arg(sync.id, answer ? QStringLiteral("HTTP %1").arg(answer->status) : answer.error().message));
        return false;
    }
    return true;
}

} // namespace Ebb
