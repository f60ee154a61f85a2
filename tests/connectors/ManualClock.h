#pragma once

#include "connectors/http/Clock.h"

namespace Ebb::TestSupport {

// A clock that moves only when the test says so.
class ManualClock : public Clock
{
public:
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    qint64 m_now = 1000;
};

} // namespace Ebb::TestSupport
