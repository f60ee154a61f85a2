#include "SyncMode.h"

namespace Ebb {

QString syncModeName(SyncMode mode)
{
    switch (mode) {
    case SyncMode::Upsert:
        return QStringLiteral("upsert");
    case SyncMode::Update:
        return QStringLiteral("update");
    case SyncMode::Insert:
        return QStringLiteral("insert");
    case SyncMode::Mirror:
        return QStringLiteral("mirror");
    }
    return {};
}

std::optional<SyncMode> syncModeFromName(const QString& name)
{
    for (const SyncMode mode : allSyncModes()) {
        if (syncModeName(mode) == name)
            return mode;
    }
    return std::nullopt;
}

QList<SyncMode> allSyncModes()
{
    return {SyncMode::Upsert, SyncMode::Update, SyncMode::Insert, SyncMode::Mirror};
}

QStringList syncModeNames(const QList<SyncMode>& modes)
{
    QStringList names;
    for (const SyncMode mode : modes)
        names << syncModeName(mode);
    return names;
}

} // namespace Ebb
