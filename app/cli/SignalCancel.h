#pragma once

#include <atomic>

namespace Ebb {

// SIGINT and SIGTERM (Ctrl-C, `systemctl stop`) cancel a run as the window's Cancel does, so
// the run ends between batches and is recorded as cancelled with its counts. The handler only
// stores to a lock-free atomic, which is async-signal-safe; the engine reads it between
// batches. The first signal resets the handler (SA_RESETHAND): a second one ends the process
// at once, for a user who will not wait. While an object lives, the handlers are installed.
class SignalCancel
{
public:
    SignalCancel();
    ~SignalCancel();
    SignalCancel(const SignalCancel&) = delete;
    SignalCancel& operator=(const SignalCancel&) = delete;

    // The flag to hand to SyncRunner: true once a signal came.
    const std::atomic_bool* flag() const;
    // The signal that came (SIGINT, SIGTERM), 0 for none.
    static int received();
};

} // namespace Ebb
