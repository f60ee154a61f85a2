#pragma once

#include <mutex>
#include <spdlog/sinks/base_sink.h>

namespace Ebb {

class LogBridge;

// An spdlog sink that formats each line and posts it to a LogBridge.
class BridgeSink : public spdlog::sinks::base_sink<std::mutex>
{
public:
    explicit BridgeSink(LogBridge* bridge)
        : m_bridge(bridge)
    {
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override { }

private:
    LogBridge* m_bridge;
};

} // namespace Ebb
