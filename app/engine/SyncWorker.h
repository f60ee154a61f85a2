#pragma once

#include "RunObserver.h"
#include "models/RunReport.h"
#include "models/Workspace.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <atomic>

Q_DECLARE_METATYPE(Ebb::RunProgress)
Q_DECLARE_METATYPE(Ebb::Reject)

namespace Ebb {

// Runs one sync on a QThread of its own (its own warehouse, journal and destination
// connections are opened there by SyncRunner) and speaks to the GUI only through queued
// signals. Cancel is an atomic flag the run checks between batches.
class SyncWorker : public QObject, private RunObserver
{
    Q_OBJECT

public:
    SyncWorker(Workspace workspace, SyncSpec sync, RunOptions options);
    ~SyncWorker() override;

    // Creates the worker and its thread and starts the run once `context`'s event loop runs
    // again (so signals connected right after this call are never missed); both delete
    // themselves after finished() has been emitted. The returned pointer is valid until then.
    static SyncWorker* launch(const Workspace& workspace, const SyncSpec& sync, RunOptions options, QObject* context);

    QString syncId() const { return m_sync.id; }
    // Thread-safe; takes effect between batches and loses nothing.
    void cancel() { m_cancel = true; }

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void started(const QString& sync);
    void progress(const Ebb::RunProgress& progress);
    void logLine(LogLevel level, const QString& text);
    void rejectFound(const Ebb::Reject& reject);
    void finished(const Ebb::RunReport& report);

private:
    void onLog(LogLevel level, const QString& text) override;
    void onProgress(const RunProgress& progress) override;
    void onReject(const Reject& reject) override;

    Workspace m_workspace;
    SyncSpec m_sync;
    RunOptions m_options;
    std::atomic_bool m_cancel = false;
    QElapsedTimer m_lastProgress;
    RunProgress m_merged; // the diff's counts with the writer's
    int m_rejectsSignalled = 0;
};

} // namespace Ebb
