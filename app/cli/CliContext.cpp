#include "CliContext.h"

namespace Ebb {

ExitCode CliContext::fail(const Error& error) const
{
    err << "ebb-cli: " << error.toString() << Qt::endl;
    return exitCodeFor(error);
}

ExitCode CliContext::usage(const QString& message) const
{
    err << "ebb-cli: " << message << "\nRun 'ebb-cli --help' for the commands." << Qt::endl;
    return ExitCode::BadConfig;
}

const SyncSpec* CliContext::syncOrFail(const QString& id) const
{
    const SyncSpec* sync = workspace.sync(id);
    if (!sync)
        fail(Error::config(QStringLiteral("no sync \"%1\" in %2/syncs").arg(id, workspace.root)));
    return sync;
}

} // namespace Ebb
