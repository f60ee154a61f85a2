#pragma once

#include "models/Result.h"

#include <QString>

namespace Ebb {

// A notification on the desktop through the freedesktop.org Notifications service on the
// session bus (GNOME Shell, KDE Plasma, dunst, …), the way `notify-send` does it. Fails,
// saying why, without a session bus (cron) or a notification service.
class DesktopNotifier
{
public:
    static constexpr const char* service = "org.freedesktop.Notifications";
    static constexpr const char* path = "/org/freedesktop/Notifications";

    // `problem`: shown as critical (it stays until dismissed), else normal.
    static Result<void> notify(const QString& title, const QString& body, bool problem);
};

} // namespace Ebb
