#pragma once

#include "models/Workspace.h"

#include <QString>

namespace Ebb {

// What `ebb-cli connections test` and the window's Test button do with one connection: a
// warehouse answers its server version, a destination a call that changes nothing (HubSpot's
// properties, Salesforce's sObjects, Zendesk's user fields, a webhook's host reached, a file's
// folder writable). Blocks on the network: call it from a worker thread or the CLI.
class ConnectionTester
{
public:
    enum class Status { Ok, Failed, NotTested };
    struct Outcome
    {
        Status status = Status::Ok;
        QString text; // the server's version and what was checked, or the exact error
    };

    static Outcome test(const Workspace& workspace, const ConnectionSpec& connection);
};

} // namespace Ebb
