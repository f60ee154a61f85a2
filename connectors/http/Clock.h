#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace Ebb {

// Monotonic milliseconds. The rate limiter and back-off read time only through this, so
// their arithmetic can be tested with a clock the test moves by hand.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

// The real thing: milliseconds since construction, never going backwards.
class SteadyClock : public Clock
{
public:
    SteadyClock() { m_timer.start(); }
    qint64 nowMs() const override { return m_timer.elapsed(); }

private:
    QElapsedTimer m_timer;
};

} // namespace Ebb
