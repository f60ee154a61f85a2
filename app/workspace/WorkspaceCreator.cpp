#include "WorkspaceCreator.h"

#include "JsonFile.h"
#include "WorkspaceTrust.h"
#include "models/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>

namespace Ebb {

Result<void> WorkspaceCreator::create(const QString& folder, const QString& name)
{
    QDir dir(folder);
    if (dir.exists(QStringLiteral("ebb.json")))
        return Error::config(QStringLiteral("%1 holds a workspace already (ebb.json); open it instead").arg(folder));
    for (const char* sub : {"connections", "syncs"}) {
        if (!dir.mkpath(QLatin1String(sub)))
            return Error::io(QStringLiteral("%1: cannot make %2/").arg(folder, QLatin1String(sub)));
    }
    QFile ignore(dir.filePath(QStringLiteral(".gitignore")));
    if (!ignore.exists()) {
        if (!ignore.open(QIODevice::WriteOnly)
            || ignore.write("# Ebb's run state: the journal, run logs, rejects and requests of this machine.\n.ebb/\n")
                < 0)
            return Error::io(QStringLiteral("%1: %2").arg(ignore.fileName(), ignore.errorString()));
    }
    const QJsonObject manifest{{QStringLiteral("version"), Workspace::currentVersion}, {QStringLiteral("name"), name}};
    if (auto written = JsonFile::write(dir.filePath(QStringLiteral("ebb.json")), manifest); !written)
        return written;
    if (auto trusted = WorkspaceTrust::trust(dir.absolutePath()); !trusted)
        return trusted.error();
    return {};
}

} // namespace Ebb
