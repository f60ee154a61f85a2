#include "HttpDestination.h"

namespace Ebb {

HttpDestination::HttpDestination(HttpProtocol& protocol, DispatcherOptions options, const std::atomic_bool* cancel)
    : m_protocol(protocol)
    , m_options(std::move(options))
    , m_cancel(cancel)
{
}

HttpDestination::~HttpDestination() = default;

Dispatcher& HttpDestination::dispatcher()
{
    if (!m_dispatcher) {
        m_dispatcher = std::make_unique<Dispatcher>(m_protocol, m_options, m_cancel);
        m_dispatcher->setRequestLog(m_requestLog);
    }
    return *m_dispatcher;
}

} // namespace Ebb
