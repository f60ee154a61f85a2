#pragma once

#include "BrokenFile.h"
#include "ConnectionSpec.h"
#include "SyncSpec.h"

#include <QDir>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Ebb {

// A workspace folder: ebb.json, connections/, syncs/ and the local state in .ebb/.
struct Workspace
{
    static constexpr int currentVersion = 1;
    // Runs per sync whose rejects and failures the journal keeps ("keepRuns" in ebb.json):
    // enough to compare the last few runs, and a bound on the journal whatever the schedule.
    static constexpr int defaultKeepRuns = 10;

    QString root; // absolute folder path
    QString name;
    int version = currentVersion;
    int keepRuns = defaultKeepRuns;
    QJsonObject json; // ebb.json as read
    QList<ConnectionSpec> connections;
    QList<SyncSpec> syncs;
    // Files with problems: each stops only itself and the syncs that use it. `problems` holds
    // all of them in the order found, as one list for whoever must see every one.
    QList<BrokenFile> brokenConnections;
    QList<BrokenFile> brokenSyncs;
    QStringList problems;

    const ConnectionSpec* connection(const QString& id) const;
    const SyncSpec* sync(const QString& id) const;
    const BrokenFile* brokenConnection(const QString& id) const;
    const BrokenFile* brokenSync(const QString& id) const;
    // The other syncs that write `object` of connection `connection` (each journals only its
    // own keys, so two of them overwrite each other's records unnoticed).
    QStringList syncsWriting(const QString& connection, const QString& object, const QString& except) const;
    // Why sync `id` cannot run: its own problems and those of the connections it names.
    QStringList syncProblems(const QString& id) const;
    QString stateDir() const { return QDir(root).filePath(QStringLiteral(".ebb")); }
    QString logDir() const { return QDir(stateDir()).filePath(QStringLiteral("logs")); }
    // A relative path in a connection is relative to the workspace folder.
    QString resolvePath(const QString& path) const { return QDir(root).absoluteFilePath(path); }
};

} // namespace Ebb
