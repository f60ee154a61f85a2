#include "DemoWorkspace.h"

#include "app/workspace/WorkspaceTrust.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace Ebb {

namespace {

const QString resourceRoot = QStringLiteral(":/demo");

Result<void> copyMissingFiles(const QString& folder)
{
    QDirIterator it(resourceRoot, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString relative = source.mid(resourceRoot.size() + 1);
        if (relative.endsWith(QLatin1String(".sql")))
            continue;
        const QString target = QDir(folder).filePath(relative);
        if (QFileInfo::exists(target))
            continue;
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(source, target))
            return Error::io(QStringLiteral("%1: cannot create the demo workspace file").arg(target));
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return {};
}

// Builds a SQLite database from one of the demo's SQL scripts.
Result<void> buildDatabase(const QString& path, const QString& script)
{
    QFile seed(resourceRoot + QLatin1Char('/') + script);
    if (!seed.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("the demo seed is missing from this build"));
    // Build beside the target and rename, so an interrupted first run leaves no half database.
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    {
        auto db = SqliteHandle::open(partial, SqliteHandle::Mode::ReadWriteCreate);
        if (!db)
            return db.error();
        if (auto built = db->exec(QString::fromUtf8(seed.readAll())); !built)
            return Error::database(
                QStringLiteral("building %1 from %2 failed: %3").arg(path, script, built.error().message));
    }
    if (!QFile::rename(partial, path))
        return Error::io(QStringLiteral("%1: cannot create it").arg(path));
    return {};
}

} // namespace

QString DemoWorkspace::defaultFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("demo"));
}

Result<QString> DemoWorkspace::ensure(const QString& folder)
{
    if (!QDir().mkpath(folder))
        return Error::io(QStringLiteral("%1: cannot create the demo workspace folder").arg(folder));
    if (auto copied = copyMissingFiles(folder); !copied)
        return copied.error();
    const std::pair<const char*, const char*> databases[]
        = {{"demo-warehouse.sqlite", "seed.sql"}, {"demo-crm.sqlite", "crm-schema.sql"}};
    for (const auto& [file, script] : databases) {
        const QString path = QDir(folder).filePath(QLatin1String(file));
        if (QFileInfo::exists(path))
            continue;
        if (auto built = buildDatabase(path, QLatin1String(script)); !built)
            return built.error();
    }
    // Ebb wrote these connection files itself: the demo is trusted as long as they are unchanged.
    if (WorkspaceTrust::fingerprint(resourceRoot) == WorkspaceTrust::fingerprint(folder)
        && !WorkspaceTrust::isTrusted(folder)) {
        if (auto trusted = WorkspaceTrust::trust(folder); !trusted)
            return trusted.error();
    }
    return QDir(folder).absolutePath();
}

} // namespace Ebb
