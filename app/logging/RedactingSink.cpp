#include "RedactingSink.h"

#include "LogRedactor.h"

namespace Ebb {

void RedactingSink::setExtraSink(spdlog::sink_ptr sink)
{
    std::lock_guard<std::mutex> lock(mutex_);
    m_extra = std::move(sink);
}

void RedactingSink::sink_it_(const spdlog::details::log_msg& msg)
{
    const std::string redacted = LogRedactor::redact(std::string(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(redacted.data(), redacted.size());
    for (const auto& sink : m_sinks) {
        if (sink->should_log(copy.level))
            sink->log(copy);
    }
    if (m_extra && m_extra->should_log(copy.level))
        m_extra->log(copy);
}

void RedactingSink::flush_()
{
    for (const auto& sink : m_sinks)
        sink->flush();
    if (m_extra)
        m_extra->flush();
}

} // namespace Ebb
