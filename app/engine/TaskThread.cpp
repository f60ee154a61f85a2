#include "TaskThread.h"

namespace Ebb {

TaskThread::TaskThread()
    : m_thread([this] { loop(); })
{
}

TaskThread::~TaskThread()
{
    (void)wait();
    {
        const std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void TaskThread::start(std::function<Result<void>()> task)
{
    (void)wait();
    {
        const std::lock_guard lock(m_mutex);
        m_task = std::move(task);
        m_result.reset();
        m_running = true;
    }
    m_changed.notify_all();
}

Result<void> TaskThread::wait()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_running; });
    if (!m_result)
        return {};
    Result<void> result = std::move(*m_result);
    m_result.reset();
    return result;
}

void TaskThread::loop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_quit || bool(m_task); });
        if (!m_task)
            return; // quit, nothing left to run
        std::function<Result<void>()> task = std::move(m_task);
        m_task = nullptr;
        lock.unlock();
        Result<void> result = task();
        task = nullptr; // what it captured goes here, off the lock
        lock.lock();
        m_result = std::move(result);
        m_running = false;
        m_changed.notify_all();
    }
}

} // namespace Ebb
