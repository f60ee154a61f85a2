#pragma once

#include "app/demo/DemoWorkspace.h"

#include <QProcess>
#include <QString>

namespace Ebb::TestSupport {

// A fresh demo workspace in `folder`, trusted through `ebb-cli trust` as a user would
// (EBB_CLI_PATH is the test target's); "" when either step failed.
inline QString trustedDemo(const QString& folder)
{
    auto demo = DemoWorkspace::ensure(folder);
    if (!demo || QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), *demo}) != 0)
        return {};
    return *demo;
}

} // namespace Ebb::TestSupport
