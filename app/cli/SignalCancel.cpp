#include "SignalCancel.h"

#include <csignal>

namespace Ebb {

namespace {

std::atomic_bool g_cancel = false;
std::atomic_int g_signal = 0;
static_assert(std::atomic_bool::is_always_lock_free && std::atomic_int::is_always_lock_free,
    "a signal handler may only touch lock-free atomics");

struct sigaction g_previous[2];
constexpr int g_signals[2] = {SIGINT, SIGTERM};

extern "C" void onSignal(int signal)
{
    g_signal.store(signal);
    g_cancel.store(true);
}

} // namespace

SignalCancel::SignalCancel()
{
    g_cancel.store(false);
    g_signal.store(0);
    for (int i = 0; i < 2; ++i) {
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART | SA_RESETHAND; // blocking reads go on; the flag is read between batches
        sigaction(g_signals[i], nullptr, &g_previous[i]);
        // A signal the caller chose to ignore (nohup, a background job's SIGINT) stays ignored.
        if (g_previous[i].sa_handler != SIG_IGN)
            sigaction(g_signals[i], &action, nullptr);
    }
}

SignalCancel::~SignalCancel()
{
    for (int i = 0; i < 2; ++i)
        sigaction(g_signals[i], &g_previous[i], nullptr);
}

const std::atomic_bool* SignalCancel::flag() const
{
    return &g_cancel;
}

int SignalCancel::received()
{
    return g_signal.load();
}

} // namespace Ebb
