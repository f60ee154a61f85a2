#include "SyncWorker.h"

#include "SyncRunner.h"

#include <algorithm>

namespace Ebb {

namespace {

constexpr int progressIntervalMs = 100; // the GUI needs no more than ten updates a second
constexpr int maxRejectSignals = 1000; // the rest are in the journal

} // namespace

SyncWorker::SyncWorker(Workspace workspace, SyncSpec sync, RunOptions options)
    : m_workspace(std::move(workspace))
    , m_sync(std::move(sync))
    , m_options(options)
{
}

SyncWorker::~SyncWorker() = default;

SyncWorker* SyncWorker::launch(const Workspace& workspace, const SyncSpec& sync, RunOptions options, QObject* context)
{
    qRegisterMetaType<Ebb::RunProgress>();
    qRegisterMetaType<Ebb::Reject>();
    qRegisterMetaType<Ebb::RunReport>();
    auto* thread = new QThread;
    thread->setObjectName(QStringLiteral("ebb-sync-") + sync.id);
    auto* worker = new SyncWorker(workspace, sync, options);
    worker->moveToThread(thread);
    QObject::connect(thread, &QThread::started, worker, &SyncWorker::run);
    // Direct: quit() is thread-safe, and a GUI thread waiting on the thread must not need its event loop.
    QObject::connect(worker, &SyncWorker::finished, thread, &QThread::quit, Qt::DirectConnection);
    QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    // Started from `context`'s event loop, not here: whoever launched the worker connects to its
    // signals right after this returns, and a quick run must not emit started() or finished()
    // before anyone listens.
    QMetaObject::invokeMethod(
        context, [thread] { thread->start(); }, Qt::QueuedConnection);
    return worker;
}

void SyncWorker::run()
{
    m_lastProgress.start();
    Q_EMIT started(m_sync.id);
    SyncRunner runner(m_workspace, m_sync, m_options, this, &m_cancel);
    const RunReport report = runner.run();
    Q_EMIT finished(report);
}

void SyncWorker::onLog(LogLevel level, const QString& text)
{
    Q_EMIT logLine(level, text);
}

// Two parts of a run report: the diff (rows read, added, changed, …) and the writer (sent,
// failed, the pace and what is left to send). The window shows one picture of both, not
// whichever spoke last (an analyst saw "queried 0 · sent 3100").
void SyncWorker::onProgress(const RunProgress& progress)
{
    if (progress.phase == QLatin1String("dispatch")) {
        m_merged.counts.sent = progress.counts.sent;
        m_merged.counts.failed = progress.counts.failed;
        m_merged.toSend = progress.toSend;
        m_merged.rowsPerSecond = progress.rowsPerSecond;
        m_merged.etaSeconds = progress.etaSeconds;
        m_merged.phase = progress.phase;
    } else {
        const qint64 sent = std::max(m_merged.counts.sent, progress.counts.sent);
        const qint64 failed = m_merged.counts.failed;
        m_merged = progress;
        m_merged.counts.sent = sent;
        m_merged.counts.failed = std::max(failed, progress.counts.failed);
    }
    m_merged.sync = progress.sync.isEmpty() ? m_merged.sync : progress.sync;
    if (m_lastProgress.isValid() && m_lastProgress.elapsed() < progressIntervalMs)
        return;
    m_lastProgress.restart();
    Q_EMIT this->progress(m_merged);
}

void SyncWorker::onReject(const Reject& reject)
{
    if (m_rejectsSignalled++ < maxRejectSignals)
        Q_EMIT rejectFound(reject);
}

} // namespace Ebb
