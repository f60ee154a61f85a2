#pragma once

#include "models/Result.h"

#include <QString>

namespace Ebb {

// The demo workspace ships inside the binary (resources/demo). On first use it is copied
// to a writable folder and its warehouse is built from seed.sql, so no database file
// lives in git and a user's edits to the copy are never overwritten.
class DemoWorkspace
{
public:
    // <data dir>/demo, where <data dir> is QStandardPaths::AppDataLocation.
    static QString defaultFolder();
    // Makes sure `folder` holds the demo workspace and its warehouse; returns the folder.
    static Result<QString> ensure(const QString& folder = defaultFolder());
};

} // namespace Ebb
