#include "RunCommand.h"

#include "SignalCancel.h"
#include "TerminalProgress.h"
#include "TextTable.h"

#include "app/engine/SyncRunner.h"
#include "app/journal/Journal.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <QMap>

#include <algorithm>
#include <csignal>

namespace Ebb {

QJsonObject RunCommand::toJson(const RunReport& report)
{
    const RunCounts& c = report.counts;
    // No run id when the run never started (another run of the sync holds its lock).
    return QJsonObject{{QStringLiteral("runId"), report.runId > 0 ? QJsonValue(report.runId) : QJsonValue()},
                       {QStringLiteral("sync"), report.sync},
                       {QStringLiteral("status"), RunReport::statusName(report.status)},
                       {QStringLiteral("dryRun"), report.options.dryRun},
                       {QStringLiteral("full"), report.options.full},
                       {QStringLiteral("queried"), c.queried},
                       {QStringLiteral("added"), c.added},
                       {QStringLiteral("changed"), c.changed},
                       {QStringLiteral("removed"), c.removed},
                       {QStringLiteral("unchanged"), c.unchanged},
                       {QStringLiteral("rejected"), c.rejected},
                       {QStringLiteral("failed"), c.failed},
                       {QStringLiteral("sent"), c.sent},
                       {QStringLiteral("startedAt"), report.startedAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("seconds"), report.seconds()},
                       {QStringLiteral("error"), report.error.isEmpty() ? QJsonValue() : QJsonValue(report.error)}};
}

ExitCode RunCommand::run(const CliContext& context)
{
    if (context.arguments.size() != 1)
        return context.usage(QStringLiteral("run takes one sync id"));
    const SyncSpec* sync = context.syncOrFail(context.arguments.first());
    if (!sync)
        return ExitCode::BadConfig;

    TerminalProgress observer(context.err);
    const SignalCancel signals;
    SyncRunner runner(context.workspace, *sync, context.runOptions, &observer, signals.flag());
    const RunReport report = runner.run();
    observer.clear();
    if (const int signal = SignalCancel::received())
        context.err << "ebb-cli: " << (signal == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)")
                    << "; the run was cancelled between batches" << Qt::endl;

    // The first rejects, so the person sees why rows stayed behind.
    QList<Reject> rejects;
    if (report.counts.rejected > 0 && report.runId > 0) {
        if (auto journal = Journal::open(QDir(context.workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")))) {
            if (auto list = (*journal)->rejects(sync->id, report.runId))
                rejects = *list;
        }
    }
    if (context.json) {
        QJsonObject json = toJson(report);
        QJsonArray sample;
        for (const Reject& r : rejects.mid(0, 20))
            sample.append(QJsonObject{{QStringLiteral("key"), r.rule == QLatin1String("null_key") ? QJsonValue() : QJsonValue(r.key)},
                                      {QStringLiteral("field"), r.field},
                                      {QStringLiteral("rule"), r.rule}, {QStringLiteral("message"), r.message}});
        json.insert(QStringLiteral("rejectSample"), sample);
        context.out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        const RunCounts& c = report.counts;
        context.out << QStringLiteral("sync %1%2: %3%4 in %5 s\n")
                           .arg(sync->id, report.runId > 0 ? QStringLiteral(", run %1").arg(report.runId) : QString(),
                                RunReport::statusName(report.status))
                           .arg(report.options.dryRun ? QStringLiteral(" (dry run, nothing sent)") : QString())
                           .arg(report.seconds(), 0, 'f', 2);
        context.out << QStringLiteral("  queried %1 · added %2 · changed %3 · removed %4 · unchanged %5 · rejected %6 · failed %7 · sent %8\n")
                           .arg(c.queried).arg(c.added).arg(c.changed).arg(c.removed).arg(c.unchanged)
                           .arg(c.rejected).arg(c.failed).arg(c.sent);
        if (!report.error.isEmpty())
            context.out << "  " << report.error << '\n';
        if (!rejects.isEmpty()) {
            // One example per rule, most frequent first: the shape of the problem at a glance.
            QMap<QString, QList<Reject>> byRule;
            for (const Reject& r : rejects)
                byRule[r.rule] << r;
            QStringList rules = byRule.keys();
            std::stable_sort(rules.begin(), rules.end(), [&](const QString& a, const QString& b) { return byRule[a].size() > byRule[b].size(); });
            // A row breaking two rules counts under each; FIELDS lists every field the rule hit.
            TextTable table({QStringLiteral("RULE"), QStringLiteral("REJECTS"), QStringLiteral("FIELDS"), QStringLiteral("EXAMPLE KEY"),
                             QStringLiteral("EXAMPLE")}, 64);
            for (const QString& rule : rules) {
                QStringList fields;
                for (const Reject& r : byRule[rule]) {
                    if (!r.field.isEmpty() && !fields.contains(r.field))
                        fields << r.field;
                }
                const Reject& r = byRule[rule].first();
                // As many as fit the column, then how many more (`rejects` lists each one).
                QString shown;
                qsizetype listed = 0;
                for (; listed < fields.size(); ++listed) {
                    const QString next = listed ? shown + QStringLiteral(", ") + fields[listed] : fields[listed];
                    if (listed > 0 && next.size() > 48)
                        break;
                    shown = next;
                }
                if (listed < fields.size())
                    shown += QStringLiteral(" +%1 more").arg(fields.size() - listed);
                table.addRow({rule, QString::number(byRule[rule].size()), shown, rule == QLatin1String("null_key") ? QStringLiteral("NULL") : r.key,
                              r.message});
            }
            context.out << "\nRejected, by rule (every one: ebb-cli rejects " << sync->id << "):\n" << table.render();
        }
    }
    context.out.flush();
    return ExitCode(SyncRunner::exitCode(report));
}

} // namespace Ebb
