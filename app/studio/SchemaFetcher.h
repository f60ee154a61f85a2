#pragma once

#include "models/Result.h"
#include "models/Workspace.h"
#include "models/destination/DestinationSchema.h"

#include <QObject>
#include <QThread>
#include <functional>

Q_DECLARE_METATYPE(Ebb::DestinationSchema)

namespace Ebb {

// Describes a sync's destination object (its fields and rules, as `ebb-cli schema` lists
// them), lists objects and tables, and tests connections, on a thread of its own: a destination may be a database or an
// API across the network, and the GUI thread never waits on either. Answers carry the generation they were asked for; a
// caller drops those it no longer wants.
class SchemaFetcher : public QObject
{
    Q_OBJECT

public:
    explicit SchemaFetcher(QObject* parent = nullptr);
    ~SchemaFetcher() override;

    // Each returns the generation its answer will carry.
    // The sync's destination object: ready() or failed().
    quint64 fetch(const Workspace& workspace, const SyncSpec& sync);
    // The objects the sync's destination connection can write to (as `ebb-cli schema
    // <connection>` lists them): objectsReady() or failed().
    quint64 fetchObjects(const Workspace& workspace, const SyncSpec& sync);
    // The tables and views of the warehouse connection `connectionId`: tablesReady() or failed().
    quint64 fetchTables(const Workspace& workspace, const QString& connectionId);
    // Tests `connection` as `ebb-cli connections test` does (ConnectionTester), with
    // `workspace` for its paths: tested().
    quint64 testConnection(const Workspace& workspace, const ConnectionSpec& connection);

Q_SIGNALS:
    void ready(quint64 generation, const Ebb::DestinationSchema& schema);
    void objectsReady(quint64 generation, const QStringList& objects);
    void tablesReady(quint64 generation, const QStringList& tables);
    void failed(quint64 generation, const QString& message);
    // `ok`: it answered; otherwise `text` is the exact error (or why it was not tested).
    void tested(quint64 generation, const QString& connectionId, bool ok, const QString& text);

private:
    // Runs `job` on the worker's thread; its list comes back through `signal`.
    quint64 fetchList(
        std::function<Result<QStringList>()> job, void (SchemaFetcher::*signal)(quint64, const QStringList&));
    void fail(quint64 generation, const Error& error);

    QThread m_thread;
    QObject* m_worker; // lives on m_thread; the jobs run in its context
    quint64 m_generation = 0;
};

} // namespace Ebb
