#pragma once

#include <memory>
#include <mutex>
#include <spdlog/sinks/base_sink.h>
#include <vector>

namespace Ebb {

// Sits in front of every real sink: each message is redacted once, then handed on.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex>
{
public:
    explicit RedactingSink(std::vector<spdlog::sink_ptr> sinks)
        : m_sinks(std::move(sinks))
    {
    }
    // The GUI's sink, replaceable at run time; nullptr removes it.
    void setExtraSink(spdlog::sink_ptr sink);

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;

private:
    std::vector<spdlog::sink_ptr> m_sinks;
    spdlog::sink_ptr m_extra;
};

} // namespace Ebb
