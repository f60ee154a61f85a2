#pragma once

#include "Destination.h"
#include "connectors/http/Dispatcher.h"

#include <QHash>
#include <functional>
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
    // One endpoint a request: `batch` goes to `send` as runs of one operation, in order.
    static Result<QList<RecordOutcome>> byOperation(const QList<OutgoingRecord>& batch,
        const std::function<Result<QList<RecordOutcome>>(const QList<OutgoingRecord>&)>& send);
    // Deletes after a lookup by the match field (`looked`: its outcomes; `found`: the match
    // value, as `keyOf` gives it, → the destination's own id): the records found are sent
    // again with that id as their match value; one not found is deleted already.
    Result<QList<RecordOutcome>> deleteFound(const QList<OutgoingRecord>& deletes, QList<RecordOutcome> looked,
        const QHash<QString, QString>& found, const std::function<QString(const OutgoingRecord&)>& keyOf);
    bool cancelled() const { return m_cancel && m_cancel->load(); }

private:
    HttpProtocol& m_protocol; // the subclass's member, made before this base is used
    DispatcherOptions m_options;
    const std::atomic_bool* m_cancel;
    std::unique_ptr<Dispatcher> m_dispatcher;
    RequestLog* m_requestLog = nullptr;
};

} // namespace Ebb
