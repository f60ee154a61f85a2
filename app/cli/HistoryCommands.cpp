#include "HistoryCommands.h"

#include "RunCommand.h"
#include "TextTable.h"
#include "app/journal/Journal.h"
#include "app/studio/RunArchive.h"
#include "connectors/http/RequestLog.h"
#include "connectors/secrets/Redactor.h"
#include "models/ValueFormat.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <limits>
#include <optional>

namespace Ebb {

namespace {

Result<std::unique_ptr<Journal>> openJournal(const CliContext& context)
{
    return Journal::openForReading(QDir(context.workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
}

// A value as a cell: quoted when spaces at its ends would not show ("PRO " is not "PRO").
QString valueCell(const QString& value)
{
    return value.size() != value.trimmed().size() ? QLatin1Char('"') + value + QLatin1Char('"') : value;
}

// The first `limit` lines of `problems` (the JSON, for programs, holds every one). Problems
// that read the same (rows without a key, the rows of a repeated key) make one line that
// counts them. Says how many problems the lines stand for (`listed`) and how many lines.
QString problemTable(const QList<Reject>& problems, int limit, qsizetype& listed, int& lines)
{
    // The message last and whole: it says what to fix, and is often longer than the rest.
    TextTable table({QStringLiteral("KEY"), QStringLiteral("FIELD"), QStringLiteral("RULE"), QStringLiteral("VALUE"),
                        QStringLiteral("MESSAGE")},
        60);
    table.setLastColumnWhole(true);
    table.setUncut(0); // a key, whole, can be passed to run --key
    table.setUncut(2); // and a rule is a word
    table.setDroppable(3); // the value, which the message quotes, when the key needs its room
    listed = 0;
    lines = 0;
    while (listed < problems.size() && lines < limit) {
        const Reject& r = problems[listed];
        const qsizetype same = sameRun(problems, listed);
        table.addRow({ValueFormat::key(r.key, r.rule == RejectRule::NullKey), r.field, rejectRuleName(r.rule),
            valueCell(r.value), r.message + rowsNote(r, same)});
        listed += same;
        ++lines;
    }
    return table.render();
}

// An answer in a few words: a JSON body's counts or error, else its first characters.
QString answerSummary(const QString& body)
{
    const QJsonObject json = QJsonDocument::fromJson(body.toUtf8()).object();
    if (json.isEmpty())
        return body.simplified().left(120);
    QStringList parts;
    if (json.value(QStringLiteral("results")).isArray())
        parts << QStringLiteral("%1 result(s)").arg(json.value(QStringLiteral("results")).toArray().size());
    if (json.contains(QStringLiteral("numErrors")))
        parts << QStringLiteral("%1 error(s)").arg(json.value(QStringLiteral("numErrors")).toInt());
    const QString message = json.value(QStringLiteral("message")).toString();
    if (!message.isEmpty()) {
        const QString category = json.value(QStringLiteral("category")).toString();
        parts << (category.isEmpty() ? message : category + QStringLiteral(": ") + message);
    }
    return parts.isEmpty() ? body.simplified().left(120) : parts.join(QStringLiteral(", "));
}

} // namespace

ExitCode HistoryCommands::runs(const CliContext& context)
{
    const QString sync = context.arguments.value(0);
    if (!sync.isEmpty() && !context.knowsSyncOrFail(sync))
        return ExitCode::BadConfig;
    auto journal = openJournal(context);
    if (!journal)
        return context.fail(journal.error());
    auto runs = (*journal)->runs(sync, context.limit);
    if (!runs)
        return context.fail(runs.error());
    // A run still "running" whose lock no live process holds died mid-run (kill -9, a crash).
    RunArchive::markInterrupted(*runs, context.workspace.stateDir());
    if (context.json) {
        QJsonArray array;
        for (const RunReport& r : *runs)
            array.append(RunCommand::toJson(r));
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("runs"), array}}).toJson(QJsonDocument::Indented);
    } else {
        TextTable table({QStringLiteral("RUN"), QStringLiteral("SYNC"), QStringLiteral("STARTED"), QStringLiteral("BY"),
            QStringLiteral("STATUS"), QStringLiteral("QUERIED"), QStringLiteral("ADDED"), QStringLiteral("CHANGED"),
            QStringLiteral("REMOVED"), QStringLiteral("UNCHANGED"), QStringLiteral("REJECTED"),
            QStringLiteral("FAILED"), QStringLiteral("SENT"), QStringLiteral("SECONDS")});
        for (const RunReport& r : *runs)
            table.addRow({QString::number(r.runId), r.sync, ValueFormat::moment(r.startedAt),
                r.options.origin == RunOptions::Origin::Unknown ? QStringLiteral("-")
                                                                : RunOptions::originName(r.options.origin),
                RunReport::statusName(r.status) + (r.options.dryRun ? QStringLiteral(" (dry)") : QString()),
                QString::number(r.counts.queried), QString::number(r.counts.added), QString::number(r.counts.changed),
                QString::number(r.counts.removed), QString::number(r.counts.unchanged),
                QString::number(r.counts.rejected), QString::number(r.counts.failed), QString::number(r.counts.sent),
                QString::number(r.seconds(), 'f', 2)});
        context.out << table.render();
    }
    context.out.flush();
    return ExitCode::Ok;
}

ExitCode HistoryCommands::rejects(const CliContext& context)
{
    if (context.arguments.size() != 1)
        return context.usage(QStringLiteral("rejects takes one sync id"));
    const QString sync = context.arguments.first();
    if (!context.knowsSyncOrFail(sync))
        return ExitCode::BadConfig;
    auto journal = openJournal(context);
    if (!journal)
        return context.fail(journal.error());
    if (context.runId > 0) {
        auto owner = (*journal)->syncOfRun(context.runId);
        if (!owner)
            return context.fail(owner.error());
        if (owner->isEmpty())
            return context.fail(Error::config(QStringLiteral("--run %1: there is no such run").arg(context.runId)));
        if (*owner != sync)
            return context.fail(Error::config(QStringLiteral("--run %1: that run belongs to sync \"%2\", not \"%3\"")
                                                  .arg(context.runId)
                                                  .arg(*owner, sync)));
    }
    auto rejects = (*journal)->rejects(sync, context.runId);
    if (!rejects)
        return context.fail(rejects.error());
    auto failures = (*journal)->failures(sync, context.runId);
    if (!failures)
        return context.fail(failures.error());
    const QList<Reject> all = *rejects + *failures;
    // The run they are of (the newest, unless --run names one): said first, with its counts.
    // The newest of a hundred: also the latest run that sent, when the newest is a dry run.
    auto reports = (*journal)->runs(sync, context.runId > 0 ? std::numeric_limits<int>::max() : 100);
    std::optional<RunReport> report;
    std::optional<qint64> latestSent;
    for (const RunReport& r : reports ? *reports : QList<RunReport>()) {
        if (!report && (context.runId <= 0 || r.runId == context.runId))
            report = r;
        if (!latestSent && !r.options.dryRun)
            latestSent = r.runId;
    }
    if (context.json) {
        QJsonArray array;
        for (const Reject& r : all)
            array.append(
                QJsonObject{{QStringLiteral("key"), r.rule == RejectRule::NullKey ? QJsonValue() : QJsonValue(r.key)},
                    {QStringLiteral("field"), r.field}, {QStringLiteral("rule"), rejectRuleName(r.rule)},
                    {QStringLiteral("message"), r.message}, {QStringLiteral("value"), r.value},
                    {QStringLiteral("payload"), QJsonDocument::fromJson(r.payload).object()}});
        QJsonObject json{{QStringLiteral("sync"), sync}, {QStringLiteral("rejects"), array}};
        if (report) {
            json.insert(QStringLiteral("run"), report->runId);
            json.insert(QStringLiteral("rejectedRows"), report->counts.rejected);
            json.insert(QStringLiteral("failedRecords"), report->counts.failed);
        }
        context.out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        if (report)
            context.out << "Run " << report->runId << " of " << sync
                        << (report->options.dryRun ? QStringLiteral(" (dry run)") : QString()) << ", started "
                        << ValueFormat::moment(report->startedAt) << ":\n";
        // A dry run is the newest: say where the last real run's list is.
        if (report && report->options.dryRun && context.runId <= 0 && latestSent)
            context.out << TextTable::wrappedText(
                QStringLiteral("(The latest run that sent is run %1: ebb-cli rejects %2 --run %1 lists its own.)")
                    .arg(*latestSent)
                    .arg(sync));
        qsizetype listed = 0;
        int lines = 0;
        context.out << problemTable(all, context.limit, listed, lines);
        if (all.size() > listed)
            context.out << TextTable::wrappedText(QStringLiteral("Listed: the first %1 of %2 problems, in %3 lines (a "
                                                                 "line says how many rows it stands for; --limit N "
                                                                 "lists N lines, --json every problem).")
                                                      .arg(listed)
                                                      .arg(all.size())
                                                      .arg(lines));
        // A row may break several rules, a line each: the run counts rows, this lists problems.
        QString counted = QStringLiteral("%1 problem(s)").arg(rejects->size());
        if (report)
            counted += QStringLiteral(" in the run's %1 rejected row(s) (a row may break several rules)")
                           .arg(report->counts.rejected);
        counted += QStringLiteral("; %1 failed record(s) (refused by the destination, or unanswered).")
                       .arg(failures->size());
        context.out << TextTable::wrappedText(counted);
    }
    context.out.flush();
    return ExitCode::Ok;
}

ExitCode HistoryCommands::requests(const CliContext& context)
{
    auto journal = openJournal(context);
    if (!journal)
        return context.fail(journal.error());
    auto owner = (*journal)->syncOfRun(context.runId);
    if (!owner)
        return context.fail(owner.error());
    if (owner->isEmpty())
        return context.fail(Error::config(QStringLiteral("--requests %1: there is no such run").arg(context.runId)));
    auto exchanges = RequestLog::read(RequestLog::pathFor(context.workspace.stateDir(), context.runId));
    if (!exchanges)
        return context.fail(exchanges.error());
    if (context.json) {
        QJsonArray array;
        for (const QJsonObject& e : *exchanges)
            array.append(e);
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("run"), context.runId},
                                         {QStringLiteral("sync"), *owner}, {QStringLiteral("requests"), array}})
                           .toJson(QJsonDocument::Indented);
        context.out.flush();
        return ExitCode::Ok;
    }
    TextTable table({QStringLiteral("AT"), QStringLiteral("REQUEST"), QStringLiteral("RECORDS"), QStringLiteral("TRY"),
                        QStringLiteral("STATUS"), QStringLiteral("MS"), QStringLiteral("ANSWER")},
        100);
    for (const QJsonObject& e : exchanges->mid(0, context.limit)) {
        const int status = e.value(QStringLiteral("status")).toInt();
        QString answer = e.value(QStringLiteral("error")).toString();
        const QString body = answerSummary(e.value(QStringLiteral("answer")).toString());
        if (!body.isEmpty())
            answer += (answer.isEmpty() ? QString() : QStringLiteral(" — ")) + body;
        table.addRow({e.value(QStringLiteral("at")).toString().mid(11, 12),
            QStringLiteral("%1 %2").arg(
                e.value(QStringLiteral("method")).toString(), QUrl(e.value(QStringLiteral("url")).toString()).path()),
            QString::number(e.value(QStringLiteral("records")).toInt()),
            QString::number(e.value(QStringLiteral("attempt")).toInt()),
            status == 0 ? QStringLiteral("-") : QString::number(status),
            QString::number(e.value(QStringLiteral("ms")).toInteger()), Redactor::escapeControls(answer)});
    }
    context.out << table.render();
    if (exchanges->isEmpty())
        context.out << "run " << context.runId << " (sync " << *owner
                    << ") made no request: only HTTP destinations make them, and a dry run sends nothing\n";
    else
        context.out << (exchanges->size() > context.limit ? QStringLiteral("the first %1 of ").arg(context.limit)
                                                          : QString())
                    << exchanges->size() << " request(s) of run " << context.runId << " (sync " << *owner
                    << "); --json has each request's and answer's body\n";
    context.out.flush();
    return ExitCode::Ok;
}

} // namespace Ebb
