#include "WorkspaceTrust.h"

#include "connectors/warehouse/postgres/PgSettingsBuilder.h"
#include "models/ConnectionKinds.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace Ebb {

namespace {

QString canonical(const QString& root)
{
    const QString path = QFileInfo(root).canonicalFilePath();
    return path.isEmpty() ? QDir(root).absolutePath() : path;
}

QJsonObject readStore()
{
    QFile file(WorkspaceTrust::storePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString where(const Workspace& workspace, const ConnectionSpec& c)
{
    if (c.kind == QLatin1String("postgres")) {
        const QString mode = PgSettingsBuilder::sslmode(c);
        return QStringLiteral("%1@%2:%3/%4 (sslmode %5)")
            .arg(c.string(QStringLiteral("user")), c.string(QStringLiteral("host")))
            .arg(c.integer(QStringLiteral("port"), 5432))
            .arg(c.string(QStringLiteral("database")), mode);
    }
    if (c.kind == QLatin1String("mysql"))
        return QStringLiteral("%1@%2:%3/%4 (MySQL)")
            .arg(c.string(QStringLiteral("user")), c.string(QStringLiteral("host")))
            .arg(c.integer(QStringLiteral("port"), 3306))
            .arg(c.string(QStringLiteral("database")));
    if (c.kind == QLatin1String("odbc"))
        return QStringLiteral("ODBC: %1").arg(c.string(QStringLiteral("connectionString")));
    if (c.kind == QLatin1String("sqlite") || c.kind == QLatin1String("file"))
        return workspace.resolvePath(c.string(QStringLiteral("path")));
    for (const char* key : {"baseUrl", "instanceUrl", "url"}) {
        if (c.json.contains(QLatin1String(key)))
            return c.string(QLatin1String(key));
    }
    return QString();
}

} // namespace

QString WorkspaceTrust::storePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("ebb/trusted.json"));
}

QString WorkspaceTrust::fingerprint(const QString& root)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QDir folder(QDir(root).filePath(QStringLiteral("connections")));
    const QStringList names
        = folder.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::System | QDir::Hidden, QDir::Name);
    for (const QString& name : names) {
        QFile file(folder.filePath(name));
        hash.addData(name.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        if (file.open(QIODevice::ReadOnly))
            hash.addData(file.readAll());
        else
            hash.addData(QByteArrayView("<unreadable>"));
        hash.addData(QByteArrayView("\0", 1));
    }
    return QString::fromLatin1(hash.result().toHex());
}

bool WorkspaceTrust::isTrusted(const QString& root)
{
    const QJsonObject entry
        = readStore().value(QStringLiteral("workspaces")).toObject().value(canonical(root)).toObject();
    return !entry.isEmpty() && entry.value(QStringLiteral("fingerprint")).toString() == fingerprint(root);
}

Result<QString> WorkspaceTrust::trust(const QString& root)
{
    const QString path = storePath();
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return Error::io(QStringLiteral("%1: cannot create the folder").arg(folder));
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Read, change, write: two processes trusting two workspaces at once (the demo made by
    // the window while ebb-cli trusts another) would each write the store without the other's.
    QLockFile lock(path + QStringLiteral(".lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000))
        return Error::io(QStringLiteral("%1: another Ebb holds the trust store's lock (%2.lock)").arg(path, path));
    QJsonObject store = readStore();
    QJsonObject workspaces = store.value(QStringLiteral("workspaces")).toObject();
    const QString print = fingerprint(root);
    workspaces.insert(canonical(root),
        QJsonObject{{QStringLiteral("fingerprint"), print},
            {QStringLiteral("trustedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}});
    store.insert(QStringLiteral("version"), 1);
    store.insert(QStringLiteral("workspaces"), workspaces);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("%1: %2").arg(path, file.errorString()));
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(QJsonDocument(store).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error::io(QStringLiteral("%1: %2").arg(path, file.errorString()));
    return print;
}

QStringList WorkspaceTrust::summary(const Workspace& workspace)
{
    QStringList lines;
    for (const auto& c : workspace.connections) {
        QStringList secrets;
        if (const ConnectionKind* kind = ConnectionKinds::find(c.kind)) {
            for (const auto& setting : kind->settings) {
                if (setting.type == SettingSpec::Type::Secret && c.json.contains(setting.key))
                    secrets << QStringLiteral("%1: %2").arg(setting.key, c.string(setting.key));
            }
        }
        lines << QStringLiteral("%1 (%2) → %3%4")
                     .arg(c.id, c.kind, where(workspace, c),
                         secrets.isEmpty() ? QString()
                                           : QStringLiteral("; secrets: ") + secrets.join(QStringLiteral(", ")));
    }
    // Trusted with the rest (the fingerprint covers its bytes), yet never connected to while broken.
    for (const auto& b : workspace.brokenConnections)
        lines << QStringLiteral("%1 → nothing: %2 has problems, so Ebb does not use it").arg(b.id, b.file);
    return lines;
}

QString WorkspaceTrust::untrustedMessage(const QString& root)
{
    return QStringLiteral(
        "the workspace %1 is not trusted (or its connection files changed since it was): Ebb connects "
        "nowhere for it. Check what it connects to, then trust it with: ebb-cli trust %1")
        .arg(canonical(root));
}

} // namespace Ebb
