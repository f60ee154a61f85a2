#pragma once

#include "RunObserver.h"

#include <algorithm>
#include <mutex>

namespace Ebb {

// Lets two threads of one run (the diff and the writer) report to one observer: calls are
// forwarded one at a time, so observers keep their single-threaded state, and each progress
// report carries the whole run's counts (rows read and rejected from the diff, records sent
// and failed from the writer), whichever thread sent it.
class LockedObserver : public RunObserver
{
public:
    LockedObserver(RunObserver* target, QString sync)
        : m_target(target)
        , m_sync(std::move(sync))
    {
    }

    void onLog(LogLevel level, const QString& text) override
    {
        const std::lock_guard lock(m_mutex);
        if (m_target)
            m_target->onLog(level, text);
    }
    void onProgress(const RunProgress& progress) override
    {
        const std::lock_guard lock(m_mutex);
        if (!m_target)
            return;
        RunProgress merged = progress;
        merged.sync = m_sync;
        if (progress.phase == QLatin1String("diff")) {
            m_read = progress.counts;
        } else {
            m_sent = std::max(m_sent, progress.counts.sent);
            m_failed = std::max(m_failed, progress.counts.failed);
            merged.counts = m_read;
        }
        merged.counts.sent = std::max(merged.counts.sent, m_sent);
        merged.counts.failed = std::max(merged.counts.failed, m_failed);
        m_target->onProgress(merged);
    }
    void onReject(const Reject& reject) override
    {
        const std::lock_guard lock(m_mutex);
        if (m_target)
            m_target->onReject(reject);
    }

private:
    RunObserver* m_target;
    QString m_sync;
    std::mutex m_mutex;
    RunCounts m_read; // the diff's latest counts
    qint64 m_sent = 0;
    qint64 m_failed = 0;
};

} // namespace Ebb
