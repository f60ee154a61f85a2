#pragma once

#include "models/Result.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace Ebb {

// A thread that runs one task at a time for its owner: start() hands a task over and returns
// at once, wait() returns the task's result. The owner must not touch what the task uses
// between the two.
class TaskThread
{
public:
    TaskThread();
    ~TaskThread();
    TaskThread(const TaskThread&) = delete;
    TaskThread& operator=(const TaskThread&) = delete;

    void start(std::function<Result<void>()> task);
    // The result of the task started last; returns at once when none is running.
    Result<void> wait();

private:
    void loop();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::function<Result<void>()> m_task;
    std::optional<Result<void>> m_result;
    bool m_running = false;
    bool m_quit = false;
    std::thread m_thread;
};

} // namespace Ebb
