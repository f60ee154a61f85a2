#pragma once

#include "ExitCode.h"
#include "models/RunReport.h"
#include "models/Workspace.h"

#include <QTextStream>

namespace Ebb {

// What every ebb-cli command gets: its arguments, the loaded workspace and the streams.
struct CliContext
{
    Workspace workspace;
    QStringList arguments; // positional arguments after the command words
    int limit = 20;
    bool json = false;
    RunOptions runOptions;
    qint64 runId = 0;
    QTextStream& out;
    QTextStream& err;

    // Prints the error on stderr (and with --json, as {"error", "exitCode"} on stdout too)
    // and returns the exit code that goes with it.
    ExitCode fail(const Error& error) const;
    ExitCode usage(const QString& message) const;
    // The sync named `id`, or nullptr after printing "no sync … in …/syncs" or the problems
    // that keep it from running (its file's, or those of a connection it uses).
    const SyncSpec* syncOrFail(const QString& id) const;
    // For the history: a sync whose file has problems still has its runs in the journal.
    bool knowsSyncOrFail(const QString& id) const;
    // One line on stderr per file set aside, but `except` (the sync the command is about,
    // whose problems it prints in full).
    void warnAboutBrokenFiles(const QString& except = {}) const;
};

// With --json, a command that stops before it has anything to show still prints one JSON
// object: {"error": "<what>", "exitCode": N}.
void printJsonError(QTextStream& out, const QString& message, ExitCode code);

} // namespace Ebb
