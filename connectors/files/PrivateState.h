#pragma once

#include "models/Result.h"

#include <QString>

namespace Ebb {

// A workspace's .ebb/ holds the journal (rejected values and payloads: personal data), logs
// and locks. It is private to the user whatever the umask, and since a workspace may come
// from git with planted entries, nothing in it is followed through a symbolic link.
class PrivateState
{
public:
    // Creates `folder` and every folder from the workspace's .ebb down to it as 0700
    // directories, and tightens existing ones to 0700. Refuses a symbolic link, a file where a
    // folder belongs, and a folder owned by another user. A folder outside any .ebb (a test's,
    // say) is only created.
    static Result<void> ensureFolder(const QString& folder);
    // Refuses `path` when it is a symbolic link (or not a regular file); tightens an existing
    // file to 0600.
    static Result<void> checkFile(const QString& path);
    // Opens (creating 0600) a file for appending without following a symbolic link.
    static Result<int> openAppend(const QString& path);
};

} // namespace Ebb
