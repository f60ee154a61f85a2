#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Ebb {

// What a sync does at its destination (docs/SYNC-FILES.md, "destination.mode"):
// upsert creates and updates, update only updates, insert only creates, mirror is upsert
// that also deletes the records whose keys left the query.
enum class SyncMode { Upsert, Update, Insert, Mirror };

// The sync file's word for it: "upsert", "update", "insert", "mirror".
QString syncModeName(SyncMode mode);
std::optional<SyncMode> syncModeFromName(const QString& name);
QList<SyncMode> allSyncModes();
QStringList syncModeNames(const QList<SyncMode>& modes);

} // namespace Ebb
