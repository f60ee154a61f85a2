#pragma once

#include <QStringList>

namespace Ebb::RecentWorkspaces {

// The workspaces opened last, newest first (QSettings "workspaces/recent", at most `limit`),
// for File ▸ Open Recent and for opening the last one again at start.
constexpr int limit = 8;
QStringList list(); // those that still hold an ebb.json
void add(const QString& folder);
QString last(); // "" when none

} // namespace Ebb::RecentWorkspaces
