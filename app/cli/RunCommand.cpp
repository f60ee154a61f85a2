#include "RunCommand.h"

#include "RejectSummary.h"
#include "SignalCancel.h"
#include "TerminalProgress.h"
#include "TextTable.h"
#include "app/engine/SyncRunner.h"
#include "models/ValueFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

namespace Ebb {

QJsonObject RunCommand::toJson(const RunReport& report)
{
    const RunCounts& c = report.counts;
    // No run id when the run never started (another run of the sync holds its lock).
    return QJsonObject{{QStringLiteral("runId"), report.runId > 0 ? QJsonValue(report.runId) : QJsonValue()},
        {QStringLiteral("sync"), report.sync}, {QStringLiteral("status"), RunReport::statusName(report.status)},
        {QStringLiteral("dryRun"), report.options.dryRun}, {QStringLiteral("full"), report.options.full},
        {QStringLiteral("origin"),
            report.options.origin == RunOptions::Origin::Unknown
                ? QJsonValue()
                : QJsonValue(RunOptions::originName(report.options.origin))},
        {QStringLiteral("key"), report.options.onlyKey.isNull() ? QJsonValue() : QJsonValue(report.options.onlyKey)},
        {QStringLiteral("queried"), c.queried},
        // The rows that left the warehouse: every row of the query, or with change detection
        // in the warehouse only those it found added or changed (and repeated keys').
        {QStringLiteral("transferred"), c.transferred.value_or(c.queried)}, {QStringLiteral("added"), c.added},
        {QStringLiteral("changed"), c.changed}, {QStringLiteral("removed"), c.removed},
        {QStringLiteral("unchanged"), c.unchanged}, {QStringLiteral("rejected"), c.rejected},
        {QStringLiteral("failed"), c.failed}, {QStringLiteral("sent"), c.sent},
        {QStringLiteral("startedAt"), report.startedAt.toString(Qt::ISODateWithMs)},
        {QStringLiteral("seconds"), report.seconds()},
        {QStringLiteral("error"), report.error.isEmpty() ? QJsonValue() : QJsonValue(report.error)},
        {QStringLiteral("apiUsage"), report.apiUsage.isEmpty() ? QJsonValue() : QJsonValue(report.apiUsage)}};
}

ExitCode RunCommand::run(const CliContext& context)
{
    if (context.arguments.size() != 1)
        return context.usage(QStringLiteral("run takes one sync id"));
    const SyncSpec* sync = context.syncOrFail(context.arguments.first());
    if (!sync)
        return ExitCode::BadConfig;

    TerminalProgress observer(context.err);
    // The rejects to show are gathered as the run finds them; reading them back from the
    // journal would hold every one in memory.
    RejectSummary summary(&observer);
    const SignalCancel signals;
    SyncRunner runner(context.workspace, *sync, context.runOptions, &summary, signals.flag());
    const RunReport report = runner.run();
    observer.clear();
    if (const int signal = SignalCancel::received())
        context.err << "ebb-cli: " << (signal == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)")
                    << "; the run was cancelled between batches" << Qt::endl;

    if (context.json) {
        QJsonObject json = toJson(report);
        QJsonArray sample;
        for (const Reject& r : summary.sample())
            sample.append(
                QJsonObject{{QStringLiteral("key"), r.rule == RejectRule::NullKey ? QJsonValue() : QJsonValue(r.key)},
                    {QStringLiteral("field"), r.field}, {QStringLiteral("rule"), rejectRuleName(r.rule)},
                    {QStringLiteral("message"), r.message}});
        json.insert(QStringLiteral("rejectSample"), sample);
        context.out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        const RunCounts& c = report.counts;
        context.out << TextTable::wrappedText(
            QStringLiteral("sync %1%2: %3%4 in %5 s")
                .arg(sync->id, report.runId > 0 ? QStringLiteral(", run %1").arg(report.runId) : QString(),
                    report.outcome()) // as the window's Run step says it
                .arg(report.options.dryRun ? QStringLiteral(" (dry run, nothing sent)") : QString())
                .arg(report.seconds(), 0, 'f', 2));
        context.out << TextTable::wrappedText(c.text(), 2, QStringLiteral(" · ")); // a count is never split
        if (!report.error.isEmpty())
            context.out << "  " << report.error << '\n';
        if (!summary.isEmpty()) {
            // One example per rule, most frequent first: the shape of the problem at a glance.
            // A row breaking two rules counts under each; FIELDS lists every field the rule hit.
            TextTable table({QStringLiteral("RULE"), QStringLiteral("PROBLEMS"), QStringLiteral("FIELDS"),
                                QStringLiteral("EXAMPLE KEY"), QStringLiteral("EXAMPLE")},
                64);
            table.setLastColumnWhole(true); // the example's message says what to fix
            table.setUncut(0); // a rule is a word
            table.setUncut(3); // and a key goes whole to run --key
            for (const RejectSummary::Rule& rule : summary.rules()) {
                const QStringList& fields = rule.fields;
                const Reject& r = rule.example;
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
                table.addRow({rejectRuleName(rule.rule), QString::number(rule.count), shown,
                    ValueFormat::key(r.key, rule.rule == RejectRule::NullKey), r.message});
            }
            context.out << "\nProblems, by rule (every one: ebb-cli rejects " << sync->id << "):\n" << table.render();
            qint64 problems = 0;
            for (const RejectSummary::Rule& rule : summary.rules())
                problems += rule.count;
            if (problems != c.rejected)
                context.out << problems << " problems in " << c.rejected
                            << " rejected rows: a row may break several rules.\n";
        }
    }
    context.out.flush();
    return ExitCode(SyncRunner::exitCode(report));
}

} // namespace Ebb
