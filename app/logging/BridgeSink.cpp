#include "BridgeSink.h"

#include "LogBridge.h"

namespace Ebb {

void BridgeSink::sink_it_(const spdlog::details::log_msg& msg)
{
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    QString line = QString::fromUtf8(formatted.data(), qsizetype(formatted.size()));
    while (line.endsWith(QLatin1Char('\n')))
        line.chop(1);
    m_bridge->post(std::move(line));
}

} // namespace Ebb
