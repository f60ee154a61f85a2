#include "Alerter.h"

#include "app/journal/Journal.h"
#include "app/workspace/JsonFile.h"
#include "connectors/http/HttpCall.h"
#include "connectors/http/HttpUrl.h"
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
    if (!settings || !settings->any() || report.options.dryRun || !report.options.onlyKey.isNull()
        || report.status == RunReport::Status::Cancelled)
        return {};
    QString why;
    const QString state = stateOf(report, settings->rejectPercent, &why);

    // The state last alerted, read and written under a lock: two processes finishing runs
    // of the same sync send one alert, not two.
    const QString path = QDir(workspace.stateDir()).filePath(QStringLiteral("alerts.json"));
    QLockFile lock(path + QStringLiteral(".lock"));
    if (!lock.tryLock(10000)) {
        log(QStringLiteral("warning"), QStringLiteral("alert not considered: %1 is locked").arg(path));
        return {};
    }
    QJsonObject states;
    if (QFile::exists(path)) {
        if (auto read = JsonFile::read(path, QStringLiteral(".ebb/alerts.json")))
            states = *read;
    }
    const QString before = states.value(sync.id).toString(QStringLiteral("ok"));
    if (state == before)
        return {};

    QString text;
    if (state == QLatin1String("failing")) {
        text = QStringLiteral("Ebb: sync %1 %2 (run %3).\n%4")
                   .arg(sync.id, why)
                   .arg(report.runId)
                   .arg(report.counts.text());
        const QStringList first = reasons(workspace, sync, report);
        if (!first.isEmpty())
            text += QStringLiteral("\n• ") + first.join(QStringLiteral("\n• "));
    } else {
        text = QStringLiteral("Ebb: sync %1 recovered (run %2).\n%3")
                   .arg(sync.id)
                   .arg(report.runId)
                   .arg(report.counts.text());
    }
    const QString url = qEnvironmentVariable(settings->webhookVariable.toUtf8().constData());
    if (url.isEmpty() || !HttpUrl::problem(url).isEmpty()) {
        log(QStringLiteral("warning"),
            QStringLiteral("alert for %1 not sent: %2 does not hold an https URL (%3)")
                .arg(sync.id, settings->webhookVariable,
                    url.isEmpty() ? QStringLiteral("it is not set") : HttpUrl::problem(url)));
        return {};
    }
    const QUrl target(url);
    QNetworkRequest request(target);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("text"), text}}).toJson(QJsonDocument::Compact);
    auto answer = HttpCall::send(request, QByteArrayLiteral("POST"), body, HttpCall::Options{10000, 2, nullptr, 0});
    if (!answer || answer->status < 200 || answer->status >= 300) {
        // Not recorded as sent: the next run's alert says it again.
        log(QStringLiteral("warning"),
            QStringLiteral("alert for %1 not delivered: %2")
                .arg(sync.id, answer ? QStringLiteral("HTTP %1").arg(answer->status) : answer.error().message));
        return {};
    }
    states.insert(sync.id, state);
    if (auto written = JsonFile::write(path, states); !written)
        log(QStringLiteral("warning"), written.error().message);
    log(QStringLiteral("info"), QStringLiteral("alert sent for %1: %2").arg(sync.id, state));
    return text;
}

} // namespace Ebb
