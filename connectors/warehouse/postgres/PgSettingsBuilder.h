#pragma once

#include "PgConnection.h"
#include "models/ConnectionSpec.h"
#include "models/Result.h"

namespace Ebb {

// PgSettings from a postgres connection file, with its secret resolved. One place decides
// the defaults every PostgreSQL connection of Ebb gets, reading or writing:
// - sslmode: the file's, else PGSSLMODE (an administrator's choice), else verify-full;
// - channel_binding=require when a password travels over a verified or required TLS channel;
// - a relative certificate path is relative to the workspace folder.
class PgSettingsBuilder
{
public:
    static Result<PgSettings> build(const ConnectionSpec& connection, const QString& workspaceRoot, bool readOnly);
    // Whether the host is this machine (where plain text and prefer are not worth a warning).
    static bool isLoopback(const QString& host);
    // The sslmode a connection gets: its file's, else PGSSLMODE, else verify-full.
    static QString sslmode(const ConnectionSpec& connection);
};

} // namespace Ebb
