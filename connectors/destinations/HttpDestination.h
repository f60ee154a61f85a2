#pragma once

#include "Destination.h"
#include "connectors/http/Dispatcher.h"

#include <memory>

namespace Ebb {

// What every HTTP destination (a webhook, HubSpot, …) shares: acknowledged records are
// durable at once, nothing to begin or finish, and one Dispatcher for the run, made on the
// writer's thread by the first write (it owns a QNetworkAccessManager, bound to the thread
// that makes it) and writing to the run's request log.
class HttpDestination : public Destination
{
public:
    HttpDestination(HttpProtocol& protocol, DispatcherOptions options, const std::atomic_bool* cancel);
    ~HttpDestination() override;

    Result<void> begin() override { return {}; }
    bool durableOnWrite() const override { return true; }
    Result<void> finish() override { return {}; }
    void setRequestLog(RequestLog* log) override { m_requestLog = log; }
    void setCancel(const std::atomic_bool* cancel) override { m_cancel = cancel; }

protected:
    const DispatcherOptions& options() const { return m_options; }
    Dispatcher& dispatcher();
    RequestLog* requestLog() const { return m_requestLog; }
    bool cancelled() const { return m_cancel && m_cancel->load(); }

private:
    HttpProtocol& m_protocol; // the subclass's member, made before this base is used
    DispatcherOptions m_options;
    const std::atomic_bool* m_cancel;
    std::unique_ptr<Dispatcher> m_dispatcher;
    RequestLog* m_requestLog = nullptr;
};

} // namespace Ebb
