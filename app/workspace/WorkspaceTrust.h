#pragma once

#include "models/Result.h"
#include "models/Workspace.h"

#include <QString>
#include <QStringList>

namespace Ebb {

// Which workspaces the user trusts to connect anywhere, kept in the user's own config
// ($XDG_CONFIG_HOME/ebb/trusted.json, 0600), never in a workspace. A workspace is shared
// like code, so until its user says otherwise Ebb connects nowhere for it (as direnv, mise
// and VS Code do). Trust covers the connection files as they were: a changed, added or
// removed file makes the fingerprint differ and asks again.
class WorkspaceTrust
{
public:
    static QString storePath();
    // SHA-256 over connections/*.json: each file's name and bytes, in name order.
    static QString fingerprint(const QString& root);
    static bool isTrusted(const QString& root);
    // Records trust in the workspace's connection files as they are now; returns the fingerprint.
    static Result<QString> trust(const QString& root);

    // What the workspace would connect to, one line per connection: id, kind, where, and the
    // secrets it references ("warehouse  postgres  ebb@db.internal:5432/analytics (verify-full)  password: keychain").
    static QStringList summary(const Workspace& workspace);
    // Why a command stops for an untrusted workspace, with the command that trusts it.
    static QString untrustedMessage(const QString& root);
};

} // namespace Ebb
