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
    const SyncSpec* sync = workspace.sync(id);
    if (!sync)
        fail(Error::config(QStringLiteral("no sync \"%1\" in %2/syncs").arg(id, workspace.root)));
    return sync;
}

} // namespace Ebb
