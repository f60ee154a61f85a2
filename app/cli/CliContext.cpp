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

} // namespace Ebb
