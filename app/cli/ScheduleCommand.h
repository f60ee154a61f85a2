#pragma once

#include "CliContext.h"

namespace Ebb {

// ebb-cli schedule --workspace W [--json]: runs every due sync once and exits, for cron or a
// systemd timer that starts it every minute or so.
class ScheduleCommand
{
public:
    static ExitCode run(const CliContext& context);
};

} // namespace Ebb
