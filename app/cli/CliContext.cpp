#include "CliContext.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

ExitCode CliContext::fail(const Error& error) const
{
    err << "ebb-cli: " << error.toString() << Qt::endl;
    if (json)
        printJsonError(out, error.toString(), exitCodeFor(error));
    return exitCodeFor(error);
}

ExitCode CliContext::usage(const QString& message) const
{
    err << "ebb-cli: " << message << "\nRun 'ebb-cli --help' for the commands." << Qt::endl;
    if (json)
        printJsonError(out, message, ExitCode::BadConfig);
    return ExitCode::BadConfig;
}

void printJsonError(QTextStream& out, const QString& message, ExitCode code)
{
    out << QJsonDocument(QJsonObject{{QStringLiteral("error"), message}, {QStringLiteral("exitCode"), int(code)}})
               .toJson(QJsonDocument::Indented);
    out.flush();
}

const SyncSpec* CliContext::syncOrFail(const QString& id) const
{
    // A file with problems claiming this id (even beside a good one: which is meant is unknown)
    // stops the sync, with every problem that stands in its way.
    if (const QStringList problems = workspace.syncProblems(id); !problems.isEmpty()) {
        fail(Error::config(QStringLiteral("sync \"%1\" cannot run until these problems are fixed:\n%2")
                               .arg(id, problems.join(QLatin1Char('\n')))));
        return nullptr;
    }
    const SyncSpec* sync = workspace.sync(id);
    if (!sync)
        fail(Error::config(QStringLiteral("no sync \"%1\" in %2/syncs").arg(id, workspace.root)));
    return sync;
}

bool CliContext::knowsSyncOrFail(const QString& id) const
{
    if (workspace.sync(id) || workspace.brokenSync(id))
        return true;
    fail(Error::config(QStringLiteral("no sync \"%1\" in %2/syncs").arg(id, workspace.root)));
    return false;
}

void CliContext::warnAboutBrokenFiles(const QString& except) const
{
    for (const BrokenFile& file : workspace.brokenConnections)
        err << "ebb-cli: warning: " << file.file << " has problems; connection \"" << file.id
            << "\" and the syncs that use it cannot run until they are fixed" << Qt::endl;
    for (const BrokenFile& file : workspace.brokenSyncs) {
        if (file.id != except)
            err << "ebb-cli: warning: " << file.file << " has problems; sync \"" << file.id
                << "\" cannot run until they are fixed (ebb-cli run " << file.id << " lists them)" << Qt::endl;
    }
}

} // namespace Ebb
