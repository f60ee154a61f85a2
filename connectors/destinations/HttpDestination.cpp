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

Result<QList<RecordOutcome>> HttpDestination::byOperation(const QList<OutgoingRecord>& batch,
    const std::function<Result<QList<RecordOutcome>>(const QList<OutgoingRecord>&)>& send)
{
    QList<RecordOutcome> outcomes;
    outcomes.reserve(batch.size());
    for (qsizetype first = 0; first < batch.size();) {
        qsizetype end = first + 1;
        while (end < batch.size() && batch[end].operation == batch[first].operation)
            ++end;
        auto sent = send(first == 0 && end == batch.size() ? batch : batch.mid(first, end - first));
        if (!sent)
            return sent.error();
        outcomes << *sent;
        first = end;
    }
    return outcomes;
}

Result<QList<RecordOutcome>> HttpDestination::deleteFound(const QList<OutgoingRecord>& deletes,
    QList<RecordOutcome> looked, const QHash<QString, QString>& found,
    const std::function<QString(const OutgoingRecord&)>& keyOf)
{
    QList<OutgoingRecord> byId;
    QList<int> index;
    for (int i = 0; i < deletes.size(); ++i) {
        const QString match = keyOf(deletes[i]);
        if (!looked[i].ok || !found.contains(match))
            continue;
        OutgoingRecord record = deletes[i];
        record.matchValue = found.value(match);
        byId << record;
        index << i;
    }
    if (byId.isEmpty())
        return looked;
    auto deleted = dispatcher().send(byId);
    if (!deleted)
        return deleted.error();
    for (int j = 0; j < index.size(); ++j)
        looked[index[j]] = deleted->at(j);
    return looked;
}

} // namespace Ebb
