#pragma once

#include "models/Result.h"

#include <QString>

namespace Ebb {

// Where a destination may write: inside the workspace folder, or inside a folder the user
// allowed in their own config (UserConfig "allowPaths"). A workspace is shared like code; one
// that says "../../.bashrc", "/etc/cron.d/x" or writes through a symbolic link it ships must
// not reach there.
class ContainedPath
{
public:
    // The absolute path for `path` (relative to `workspaceRoot`), or why it is refused:
    // outside the allowed folders, lexically or through a symbolic link on the way, or a
    // symbolic link itself.
    static Result<QString> resolve(const QString& workspaceRoot, const QString& path, const QString& what);
};

} // namespace Ebb
