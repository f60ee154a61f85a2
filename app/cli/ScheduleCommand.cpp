#include "ScheduleCommand.h"

#include "RunCommand.h"
#include "SignalCancel.h"
#include "TerminalProgress.h"
#include "TextTable.h"
#include "app/engine/Scheduler.h"
#include "models/ValueFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace Ebb {

namespace {

QString stamp(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonValue stampOrNull(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(stamp(time)) : QJsonValue();
}

QJsonObject toJson(const ScheduledSync& r)
{
    QJsonObject json{{QStringLiteral("sync"), r.sync},
        {QStringLiteral("outcome"), ScheduledSync::outcomeName(r.outcome)},
        {QStringLiteral("schedule"), r.schedule.isEmpty() ? QJsonValue() : QJsonValue(r.schedule)},
        {QStringLiteral("lastRunAt"), stampOrNull(r.lastRun)},
        {QStringLiteral("nextRunAt"), stampOrNull(r.nextRun.value_or(QDateTime()))}};
    if (r.outcome == ScheduledSync::Outcome::Ran)
        json.insert(QStringLiteral("run"), RunCommand::toJson(r.report));
    if (r.outcome == ScheduledSync::Outcome::Skipped)
        json.insert(QStringLiteral("reason"), r.reason);
    if (r.outcome == ScheduledSync::Outcome::Error)
        json.insert(QStringLiteral("error"), r.error.toString());
    return json;
}

QString nextRunText(const ScheduledSync& r)
{
    return r.nextRun ? QStringLiteral("next run at %1").arg(ValueFormat::moment(*r.nextRun))
                     : QStringLiteral("no next run: the schedule has no fire time in the next five years");
}

QString toText(const ScheduledSync& r)
{
    switch (r.outcome) {
    case ScheduledSync::Outcome::Ran: {
        const RunReport& report = r.report;
        const RunCounts& c = report.counts;
        QString line = QStringLiteral("%1: ran: %2, run %3 · %4 · %5")
                           .arg(r.sync, RunReport::statusName(report.status))
                           .arg(report.runId)
                           .arg(report.counts.text(), nextRunText(r));
        if (!report.error.isEmpty())
            line += QStringLiteral("\n  ") + QString(report.error).replace(QLatin1Char('\n'), QStringLiteral("\n  "));
        if (c.rejected + c.failed > 0)
            line += QStringLiteral("\n  see them: ebb-cli rejects %1").arg(r.sync);
        return line;
    }
    case ScheduledSync::Outcome::NotDue:
        return QStringLiteral("%1: not due: %2 (%3; last run %4)")
            .arg(r.sync, nextRunText(r), r.schedule, ValueFormat::moment(r.lastRun));
    case ScheduledSync::Outcome::Skipped:
        return QStringLiteral("%1: skipped: %2").arg(r.sync, r.reason);
    case ScheduledSync::Outcome::NotScheduled:
        return QStringLiteral("%1: not scheduled (no \"schedule\" in its sync file; run it with ebb-cli run %1)")
            .arg(r.sync);
    case ScheduledSync::Outcome::Error:
        return QStringLiteral("%1: error: %2").arg(r.sync, r.error.toString());
    }
    return {};
}

} // namespace

ExitCode ScheduleCommand::run(const CliContext& context)
{
    if (!context.arguments.isEmpty())
        return context.usage(QStringLiteral("schedule takes no sync ids: it runs every sync that is due"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    TerminalProgress progress(context.err);
    const SignalCancel signals;
    RunOptions scheduledRuns; // as the schedule says, not as the command line's run options
    scheduledRuns.desktopNotice = true;
    scheduledRuns.origin = RunOptions::Origin::Schedule;
    const QList<ScheduledSync> results
        = Scheduler::runDue(context.workspace, now, &progress, signals.flag(), scheduledRuns);
    progress.clear();
    const int code = Scheduler::exitCode(results);
    if (context.json) {
        QJsonArray syncs;
        for (const ScheduledSync& r : results)
            syncs.append(toJson(r));
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("now"), stamp(now)}, {QStringLiteral("syncs"), syncs}})
                           .toJson(QJsonDocument::Indented);
    } else {
        if (results.isEmpty())
            context.out << "no syncs in " << context.workspace.root << "/syncs\n";
        for (const ScheduledSync& r : results) {
            // A line of its own wraps at the terminal's width; a run's report keeps its lines.
            const bool oneLine = r.outcome != ScheduledSync::Outcome::Ran && r.outcome != ScheduledSync::Outcome::Error;
            context.out << (oneLine ? TextTable::wrappedText(toText(r)) : toText(r) + QLatin1Char('\n'));
        }
        // Nothing to do: say how a sync gets a schedule, rather than only that none has one.
        const bool noneScheduled = !results.isEmpty()
            && std::all_of(results.begin(), results.end(),
                [](const ScheduledSync& r) { return r.outcome == ScheduledSync::Outcome::NotScheduled; });
        if (noneScheduled)
            context.out
                << '\n'
                << TextTable::wrappedText(QStringLiteral(
                       "No sync has a schedule. Give one in its sync file, \"schedule\": {\"every\": \"1h\"} "
                       "or {\"cron\": \"0 6 * * *\"} (in UTC), or on the window's Schedule step; then run "
                       "ebb-cli schedule every few minutes from cron or a systemd timer: it runs each sync that "
                       "is due."));
    }
    context.out.flush();
    return ExitCode(code);
}

} // namespace Ebb
