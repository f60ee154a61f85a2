#include "UserConfig.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace Ebb {

namespace {

QStringList strings(const QJsonObject& json, const QString& key)
{
    QStringList result;
    for (const auto& value : json.value(key).toArray()) {
        if (value.isString() && !value.toString().isEmpty())
            result << value.toString();
    }
    return result;
}

} // namespace

QString UserConfig::filePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("ebb/config.json"));
}

UserConfig UserConfig::load()
{
    UserConfig config;
    QFile file(filePath());
    if (!file.exists())
        return config;
    if (!file.open(QIODevice::ReadOnly)) {
        config.m_problem = QStringLiteral("%1: %2").arg(file.fileName(), file.errorString());
        return config;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (!document.isObject()) {
        config.m_problem = QStringLiteral("%1: not a JSON object (%2)").arg(file.fileName(), error.errorString());
        return config;
    }
    config.m_allowEnv = strings(document.object(), QStringLiteral("allowEnv"));
    for (const QString& path : strings(document.object(), QStringLiteral("allowPaths"))) {
        if (QDir::isAbsolutePath(path))
            config.m_allowPaths << QDir::cleanPath(path);
    }
    return config;
}

bool UserConfig::allowsEnvironmentVariable(const QString& name) const
{
    if (name.startsWith(QLatin1String("EBB_")))
        return true;
    for (const QString& pattern : m_allowEnv) {
        if (pattern.endsWith(QLatin1Char('*')) ? name.startsWith(pattern.chopped(1)) : name == pattern)
            return true;
    }
    return false;
}

bool UserConfig::isInside(const QString& path, const QString& folder)
{
    return path == folder || path.startsWith(folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/'));
}

bool UserConfig::allowsPath(const QString& absolutePath) const
{
    const QString path = QDir::cleanPath(absolutePath);
    for (const QString& folder : m_allowPaths) {
        if (isInside(path, folder))
            return true;
    }
    return false;
}

} // namespace Ebb
