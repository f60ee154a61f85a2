#pragma once

#include "models/Result.h"

#include <QString>

namespace Ebb {

// A new, empty workspace in `folder` (made if missing; it must hold no ebb.json yet):
// ebb.json with its name, connections/ and syncs/, and a .gitignore that keeps the run state
// (.ebb/: journal, logs, problems) out of version control. The folder is trusted: whoever
// made it in the window chose what it will connect to.
class WorkspaceCreator
{
public:
    static Result<void> create(const QString& folder, const QString& name);
};

} // namespace Ebb
