#pragma once

#include <QSettings>

namespace Ebb {

// The window's own settings (recent workspaces, its place): ~/.config/ebb/ebb.conf, whatever
// the application and organisation names (which also place the demo workspace).
inline QSettings windowSettings()
{
    return QSettings(QSettings::UserScope, QStringLiteral("ebb"), QStringLiteral("ebb"));
}

} // namespace Ebb
