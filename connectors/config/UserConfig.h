#pragma once

#include <QString>
#include <QStringList>

namespace Ebb {

// The user's own settings, outside any workspace ($XDG_CONFIG_HOME/ebb/config.json):
//   {"allowEnv": ["PGPASSWORD", "DBT_*"], "allowPaths": ["/srv/exports"]}
// A workspace is shared like code and may come from anyone; what it may reach beyond its
// own folder and the EBB_* variables is the user's decision, so it is written here and never
// in a workspace file. A file that does not parse counts as empty: the safe side.
class UserConfig
{
public:
    static QString filePath();
    static UserConfig load();

    // EBB_* always; any other variable only when allowEnv names it (a trailing * matches a prefix).
    bool allowsEnvironmentVariable(const QString& name) const;
    // Whether an absolute, clean path lies inside one of allowPaths.
    bool allowsPath(const QString& absolutePath) const;
    // Whether `path` is `folder` or lies below it (both clean and absolute).
    static bool isInside(const QString& path, const QString& folder);
    QString problem() const { return m_problem; } // why the file was ignored, empty when it was read

private:
    QStringList m_allowEnv;
    QStringList m_allowPaths;
    QString m_problem;
};

} // namespace Ebb
