#pragma once

#include "CliContext.h"
#include "models/RunReport.h"

#include <QJsonObject>

namespace Ebb {

// ebb-cli run --workspace W <sync> [--dry-run] [--full] [--force] [--json]
class RunCommand
{
public:
    static ExitCode run(const CliContext& context);
    static QJsonObject toJson(const RunReport& report);
};

} // namespace Ebb
