#include "WorkspaceWriter.h"

#include "JsonFile.h"
#include "models/ConnectionKinds.h"

#include <QDir>

namespace Ebb {

namespace {

QString target(const Workspace& workspace, const QString& existing, const QString& folder, const QString& id)
{
    return existing.isEmpty() ? QDir(workspace.root).filePath(folder + QLatin1Char('/') + id + QStringLiteral(".json"))
                              : existing;
}

} // namespace

Result<void> WorkspaceWriter::save(const Workspace& workspace)
{
    if (auto saved = saveManifest(workspace); !saved)
        return saved;
    for (const auto& connection : workspace.connections) {
        if (auto saved = saveConnection(workspace, connection); !saved)
            return saved;
    }
    for (const auto& sync : workspace.syncs) {
        if (auto saved = saveSync(workspace, sync); !saved)
            return saved;
    }
    return {};
}

Result<void> WorkspaceWriter::saveManifest(const Workspace& workspace)
{
    QJsonObject json = workspace.json;
    json.insert(QStringLiteral("version"), workspace.version);
    json.insert(QStringLiteral("name"), workspace.name);
    return JsonFile::write(QDir(workspace.root).filePath(QStringLiteral("ebb.json")), json);
}

Result<void> WorkspaceWriter::saveConnection(const Workspace& workspace, const ConnectionSpec& connection)
{
    // A secret field may only ever hold a reference; refuse rather than write a value.
    const ConnectionKind* kind = ConnectionKinds::find(connection.kind);
    if (!kind)
        return Error::config(QStringLiteral("connection \"%1\": unknown kind \"%2\"; refusing to save it")
                                 .arg(connection.id, connection.kind));
    {
        for (const auto& setting : kind->settings) {
            if (setting.type == SettingSpec::Type::Secret && connection.json.contains(setting.key)
                && !SecretRef::parse(connection.json.value(setting.key).toString()))
                return Error::config(QStringLiteral("connection \"%1\": field \"%2\" must be \"keychain\" or "
                                                    "\"env:VARNAME\"; refusing to write a secret value to disk")
                                         .arg(connection.id, setting.key));
        }
    }
    QJsonObject json = connection.json;
    json.insert(QStringLiteral("id"), connection.id);
    json.insert(QStringLiteral("kind"), connection.kind);
    return JsonFile::write(target(workspace, connection.filePath, QStringLiteral("connections"), connection.id), json);
}

Result<void> WorkspaceWriter::saveSync(const Workspace& workspace, const SyncSpec& sync)
{
    return JsonFile::write(target(workspace, sync.filePath, QStringLiteral("syncs"), sync.id), sync.toJson());
}

} // namespace Ebb
