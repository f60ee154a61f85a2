#include "Cli.h"

#include "ConnectionsTestCommand.h"
#include "HistoryCommands.h"
#include "PreviewCommand.h"
#include "RedactingOutput.h"
#include "RunCommand.h"
#include "ScheduleCommand.h"
#include "SchemaCommand.h"
#include "TrustCommand.h"
#include "app/Allocator.h"
#include "app/demo/DemoWorkspace.h"
#include "app/logging/Log.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceTrust.h"

#include <QCommandLineParser>
#include <cstdio>

namespace Ebb {

QString Cli::helpText()
{
    return QStringLiteral("Usage: ebb-cli <command> [--workspace W] [options]\n"
                          "\n"
                          "Ebb sends rows from your warehouse to the tools where people act on them.\n"
                          "\n"
                          "Commands:\n"
                          "  connections test [<connection>...]\n"
                          "      connect to each connection and report its version\n"
                          "  schema <connection> [<object>] [--json]\n"
                          "      a destination's objects, or one object's fields and rules\n"
                          "  preview <sync> [--limit N] [--json]\n"
                          "      the first rows of a sync's query and what a run would do; sends nothing\n"
                          "  run <sync> [--dry-run] [--full] [--force] [--key K] [--json]\n"
                          "      map, validate, compare with what earlier runs sent, and send the\n"
                          "      changes. --dry-run sends nothing; --full sends every row again, as if\n"
                          "      the journal (what earlier runs sent) were empty; --force runs past the\n"
                          "      sync's guards (its limits on changes, deletions, rejects and stale\n"
                          "      data); --key K sends only the row with key K (a test row)\n"
                          "  runs [<sync>] [--limit N] [--json]\n"
                          "      the run history\n"
                          "  runs --requests ID [--limit N] [--json]\n"
                          "      what an HTTP destination was sent in run ID, and what it answered\n"
                          "  rejects <sync> [--run ID] [--limit N] [--json]\n"
                          "      rejected and failed records of the latest (or given) run\n"
                          "  schedule [--json]\n"
                          "      run every sync whose schedule is due, once, then exit (for cron or a\n"
                          "      systemd timer; schedules are in UTC)\n"
                          "  trust <folder>\n"
                          "      print what a workspace connects to and trust it; until then, the\n"
                          "      commands above that connect refuse to (see README, Trust)\n"
                          "\n"
                          "Options:\n"
                          "  -w, --workspace <folder>  the workspace (default: the demo workspace,\n"
                          "                            created on first use)\n"
                          "  --limit <N>               rows, runs, changes or reject lines to list\n"
                          "                            (default 20; --json lists every reject)\n"
                          "  --json                    print one JSON object instead of a table\n"
                          "  -v, --verbose             debug logging on stderr\n"
                          "  -h, --help                this text\n"
                          "  --version                 the version, and the memory allocator in use\n"
                          "\n"
                          "Tables fit the terminal's width ($COLUMNS, else the terminal's own); piped\n"
                          "output keeps whole lines.\n"
                          "\n"
                          "Exit codes: 0 success; 1 the run failed; 2 bad configuration or input;\n"
                          "3 the run succeeded, but some records were rejected or failed.\n");
}

int Cli::run(const QStringList& arguments)
{
    RedactingOutput stdoutDevice(stdout);
    RedactingOutput stderrDevice(stderr);
    QTextStream out(&stdoutDevice);
    QTextStream err(&stderrDevice);

    QCommandLineParser parser;
    const QCommandLineOption workspaceOption(
        {QStringLiteral("w"), QStringLiteral("workspace")}, QString(), QStringLiteral("folder"));
    const QCommandLineOption limitOption(QStringLiteral("limit"), QString(), QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption jsonOption(QStringLiteral("json"));
    const QCommandLineOption verboseOption(QStringList{QStringLiteral("v"), QStringLiteral("verbose")});
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"));
    const QCommandLineOption fullOption(QStringLiteral("full"));
    const QCommandLineOption forceOption(QStringLiteral("force"));
    const QCommandLineOption runOption(QStringLiteral("run"), QString(), QStringLiteral("ID"));
    const QCommandLineOption keyOption(QStringLiteral("key"), QString(), QStringLiteral("K"));
    const QCommandLineOption requestsOption(QStringLiteral("requests"), QString(), QStringLiteral("ID"));
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption versionOption(QStringLiteral("version"));
    parser.addOptions({workspaceOption, limitOption, jsonOption, verboseOption, dryRunOption, fullOption, forceOption,
        runOption, keyOption, requestsOption, helpOption, versionOption});
    if (!parser.parse(arguments)) {
        err << "ebb-cli: " << parser.errorText() << "\nRun 'ebb-cli --help' for the commands." << Qt::endl;
        return int(ExitCode::BadConfig);
    }
    if (parser.isSet(helpOption)) {
        out << helpText();
        return int(ExitCode::Ok);
    }
    if (parser.isSet(versionOption)) {
        out << "ebb-cli " << EBB_VERSION << " (" << allocatorName() << ")" << Qt::endl;
        return int(ExitCode::Ok);
    }

    QStringList words = parser.positionalArguments();
    if (words.isEmpty()) {
        err << helpText();
        return int(ExitCode::BadConfig);
    }
    QString command = words.takeFirst();
    if (command == QLatin1String("connections")) {
        if (words.isEmpty() || words.first() != QLatin1String("test")) {
            err << "ebb-cli: 'connections' takes the subcommand 'test'" << Qt::endl;
            return int(ExitCode::BadConfig);
        }
        command += QLatin1Char(' ') + words.takeFirst();
    }
    static const QStringList commands{QStringLiteral("connections test"), QStringLiteral("schema"),
        QStringLiteral("preview"), QStringLiteral("run"), QStringLiteral("runs"), QStringLiteral("rejects"),
        QStringLiteral("schedule"), QStringLiteral("trust")};
    if (!commands.contains(command)) {
        err << "ebb-cli: unknown command '" << command << "'\nRun 'ebb-cli --help' for the commands." << Qt::endl;
        return int(ExitCode::BadConfig);
    }

    const bool json = parser.isSet(jsonOption);
    const auto stop = [&](const QString& message, ExitCode code) {
        err << "ebb-cli: " << message << Qt::endl;
        if (json)
            printJsonError(out, message, code);
        return int(code);
    };
    bool limitOk = false;
    const int limit = parser.value(limitOption).toInt(&limitOk);
    if (!limitOk || limit < 1)
        return stop(QStringLiteral("--limit takes a positive whole number, not '%1'").arg(parser.value(limitOption)),
            ExitCode::BadConfig);

    QString folder = parser.value(workspaceOption);
    if (command == QLatin1String("trust")) {
        if (words.size() > 1 || (words.size() == 1 && !folder.isEmpty()))
            return stop(QStringLiteral("'trust' takes one workspace folder"), ExitCode::BadConfig);
        if (!words.isEmpty())
            folder = words.takeFirst();
        if (folder.isEmpty())
            return stop(QStringLiteral("'trust' takes the workspace folder to trust: ebb-cli trust <folder>"),
                ExitCode::BadConfig);
    }
    if (folder.isEmpty()) {
        auto demo = DemoWorkspace::ensure();
        if (!demo)
            return stop(demo.error().toString(), exitCodeFor(demo.error()));
        folder = *demo;
        err << "ebb-cli: using the demo workspace at " << folder << Qt::endl;
    }
    // A broken sync or connection file stops only what depends on it (see WorkspaceLoader::open).
    auto workspace = WorkspaceLoader::open(folder);
    if (!workspace)
        return stop(
            QStringLiteral("the workspace has problems:\n") + workspace.error().toString(), ExitCode::BadConfig);
    if (auto logged = Log::init({workspace->logDir(), true, parser.isSet(verboseOption)}); !logged) {
        // A run records its state (journal, run log, lock) under .ebb/: better to stop than to
        // run unrecorded. Reading the history needs no file to write.
        if (command == QLatin1String("run") || command == QLatin1String("schedule"))
            return stop(QStringLiteral("%1; a run records its state in %2, which must be writable")
                            .arg(logged.error().message, workspace->stateDir()),
                ExitCode::Failed);
        err << "ebb-cli: warning: " << logged.error().message << "; logging to stderr only" << Qt::endl;
    }
    // Commands that connect somewhere run only for a workspace its user trusts; history
    // (runs, rejects) reads the local journal and needs no trust.
    static const QStringList connecting{QStringLiteral("connections test"), QStringLiteral("schema"),
        QStringLiteral("preview"), QStringLiteral("run"), QStringLiteral("schedule")};
    if (connecting.contains(command) && !WorkspaceTrust::isTrusted(workspace->root)) {
        Log::shutdown();
        return stop(WorkspaceTrust::untrustedMessage(workspace->root), ExitCode::BadConfig);
    }

    CliContext context{*workspace, words, limit, json, {}, 0, out, err};
    context.runOptions.dryRun = parser.isSet(dryRunOption);
    context.runOptions.full = parser.isSet(fullOption);
    context.runOptions.force = parser.isSet(forceOption);
    context.runOptions.desktopNotice = true; // a sync that goes wrong is said on the desktop too
    if (parser.isSet(keyOption))
        context.runOptions.onlyKey = parser.value(keyOption); // "" is a key too
    for (const QCommandLineOption* option : {&runOption, &requestsOption}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        context.runId = parser.value(*option).toLongLong(&ok);
        if (!ok || context.runId < 1)
            return stop(QStringLiteral("--%1 takes a run id (see 'ebb-cli runs')").arg(option->names().first()),
                ExitCode::BadConfig);
    }
    // schedule, connections test and trust name the files with problems in their own output.
    if (command != QLatin1String("schedule") && command != QLatin1String("connections test")
        && command != QLatin1String("trust"))
        context.warnAboutBrokenFiles(
            command == QLatin1String("run") || command == QLatin1String("preview") ? words.value(0) : QString());
    ExitCode code = ExitCode::Ok;
    if (command == QLatin1String("preview"))
        code = PreviewCommand::run(context);
    else if (command == QLatin1String("run"))
        code = RunCommand::run(context);
    else if (command == QLatin1String("runs") && parser.isSet(requestsOption))
        code = HistoryCommands::requests(context);
    else if (command == QLatin1String("runs"))
        code = HistoryCommands::runs(context);
    else if (command == QLatin1String("rejects"))
        code = HistoryCommands::rejects(context);
    else if (command == QLatin1String("schedule"))
        code = ScheduleCommand::run(context);
    else if (command == QLatin1String("trust"))
        code = TrustCommand::run(context);
    else if (command == QLatin1String("schema"))
        code = SchemaCommand::run(context);
    else
        code = ConnectionsTestCommand::run(context);
    Log::shutdown();
    return int(code);
}

} // namespace Ebb
