#pragma once

#include <QStringList>

namespace Ebb {

// ebb-cli's front: parses the command line, loads the workspace, runs one command.
class Cli
{
public:
    static int run(const QStringList& arguments);
    static QString helpText();
};

} // namespace Ebb
