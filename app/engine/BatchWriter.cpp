#include "BatchWriter.h"

#include "models/mapping/KeyCodec.h"
#include "models/mapping/Payload.h"

namespace Ebb {

BatchWriter::BatchWriter(Destination& destination, Journal& journal, QString sync, qint64 runId, int batchSize,
    bool keepPayloads, RunCounts& counts, RunObserver* observer, const std::atomic_bool* cancel)
    : m_destination(destination)
    , m_journal(journal)
    , m_sync(std::move(sync))
    , m_runId(runId)
    , m_batchSize(std::max(1, batchSize))
    , m_keepPayloads(keepPayloads)
    , m_counts(counts)
    , m_observer(observer)
    , m_cancel(cancel)
{
}

Result<void> BatchWriter::begin()
{
    m_clock.start();
    if (auto began = m_destination.begin(); !began)
        return began;
    if (m_destination.durableOnWrite() && m_destination.deferCommits())
        m_journaler.emplace();
    if (!m_destination.durableOnWrite()) {
        // Acks become durable only when the destination finishes: hold them in one transaction.
        if (auto began = m_journal.begin(); !began)
            return began;
        m_inTransaction = true;
    }
    return {};
}

Result<void> BatchWriter::add(Change&& change)
{
    if (m_cancelled)
        return {};
    if (change.kind == Change::Kind::Forgotten) {
        m_forgotten.append(std::move(change.record.key));
        return m_forgotten.size() >= m_batchSize ? forget() : Result<void>();
    }
    m_batch.append(std::move(change));
    if (m_batch.size() >= m_batchSize)
        return flush();
    return {};
}

Result<void> BatchWriter::flush()
{
    if (m_batch.isEmpty())
        return {};
    if (m_cancel && m_cancel->load()) {
        // Cancel takes effect between batches: what was not sent stays pending.
        m_cancelled = true;
        m_batch.clear();
        return {};
    }
    // Added records may come without their JSON (DiffStage's jsonOnWriter): made here, off
    // the reading thread.
    for (Change& c : m_batch) {
        if (c.record.json.isNull() && c.kind != Change::Kind::Removed) {
            c.record.json = c.record.payload.toJson();
            c.hash = PayloadJson::hash(c.record.json);
        }
    }
    // The batch before, acknowledged and committed, is journaled meanwhile on a thread of its
    // own; this one is committed only once the journal has that one.
    if (m_held)
        m_journaler->start([this] { return journal(m_held->batch, m_held->outcomes); });
    // The destination reads the records where they are; nothing is copied per batch, and
    // the list that lends them keeps its block from batch to batch.
    QList<OutgoingRecord>& records = m_records;
    records.clear();
    records.reserve(m_batch.size());
    for (Change& c : m_batch)
        records.append(std::move(c.record));
    auto outcomes = m_destination.write(records);
    for (int i = 0; i < m_batch.size(); ++i)
        m_batch[i].record = std::move(records[i]);
    records.clear();
    Result<void> heldJournaled;
    QList<Change> next = std::move(m_spare);
    if (m_held) { // journaled or not, done with: what the journal lacks is sent again
        heldJournaled = m_journaler->wait();
        next = recycle(std::move(m_held->batch));
        m_held.reset();
    }
    if (outcomes && outcomes->size() != m_batch.size())
        outcomes = Error::database(QStringLiteral("the destination answered %1 outcomes for %2 records")
                                       .arg(outcomes->size())
                                       .arg(m_batch.size()));
    if (!outcomes || !heldJournaled) {
        m_destination.rollback();
        return heldJournaled ? Result<void>(outcomes.error()) : heldJournaled;
    }
    if (m_journaler) {
        if (auto committed = m_destination.commit(); !committed)
            return committed;
        tally(*outcomes);
        m_held.emplace(Held{std::move(m_batch), std::move(*outcomes)});
        m_batch = std::move(next);
    } else {
        tally(*outcomes);
        if (auto journaled = journal(m_batch, *outcomes); !journaled)
            return journaled;
        m_batch = recycle(std::move(m_batch));
    }
    m_sentSoFar.store(m_counts.sent, std::memory_order_relaxed);
    reportProgress();
    return {};
}

void BatchWriter::tally(const QList<RecordOutcome>& outcomes)
{
    m_done += outcomes.size();
    for (int i = 0; i < outcomes.size(); ++i) {
        const RecordOutcome& outcome = outcomes[i];
        if (outcome.ok) {
            ++m_counts.sent;
            continue;
        }
        ++m_counts.failed;
        const QString warning
            = QStringLiteral("key %1 %2: %3")
                  .arg(KeyCodec::text(m_batch[i].record.key),
                      outcome.pending ? QStringLiteral("stays pending") : QStringLiteral("failed"), outcome.error);
        if (m_log)
            m_log(LogLevel::Warning, warning);
        else if (m_observer)
            m_observer->onLog(LogLevel::Warning, warning);
    }
}

Result<void> BatchWriter::journal(const QList<Change>& batch, const QList<RecordOutcome>& outcomes)
{
    const bool perBatch = !m_inTransaction;
    if (perBatch) {
        if (auto began = m_journal.begin(); !began)
            return began;
    }
    // Acknowledgements are recorded many to a statement; anything else first records those
    // before it, so the journal sees every change in the batch's order.
    static const QByteArray noPayload;
    std::vector<Journal::Synced>& synced = m_synced;
    synced.clear();
    const auto recordSynced = [&]() -> Result<void> {
        if (synced.empty())
            return {};
        auto marked = m_journal.markSynced(m_sync, synced);
        synced.clear();
        return marked;
    };
    for (int i = 0; i < batch.size(); ++i) {
        const Change& change = batch[i];
        const RecordOutcome& outcome = outcomes.at(i);
        const bool removal = change.kind == Change::Kind::Removed;
        Result<void> written;
        if (outcome.ok && !removal)
            synced.push_back({&change.record.key, change.hash, m_keepPayloads ? &change.record.json : &noPayload,
                change.sourceHash});
        else
            written = recordSynced();
        if (outcome.ok) {
            if (removal && written)
                written = m_journal.removeRecord(m_sync, change.record.key);
            if (m_state) {
                if (removal)
                    m_state->forget(KeyCodec::text(change.record.key));
                else
                    m_state->acknowledge(KeyCodec::text(change.record.key), qint64(change.sourceHash));
            }
        } else {
            if (written)
                written = m_journal.addFailure(m_runId, m_sync, change.record.key, outcome.error, change.record.json);
            if (written && !removal)
                written = m_journal.markFailed(m_sync, change.record.key, outcome.error,
                    outcome.pending ? Journal::Failure::Pending : Journal::Failure::Refused);
        }
        if (written && i + 1 == batch.size())
            written = recordSynced();
        if (!written) {
            if (perBatch)
                m_journal.rollback();
            return written;
        }
    }
    if (!perBatch)
        return {};
    if (auto committed = m_journal.commit(); !committed)
        return committed;
    return flushState();
}

Result<void> BatchWriter::settle()
{
    if (!m_held)
        return {};
    const Result<void> journaled = journal(m_held->batch, m_held->outcomes);
    m_spare = recycle(std::move(m_held->batch));
    m_held.reset();
    return journaled;
}

QList<Change> BatchWriter::recycle(QList<Change>&& sent)
{
    if (m_recycle)
        return m_recycle(std::move(sent));
    sent.clear(); // keeps its block
    return std::move(sent);
}

Result<void> BatchWriter::forget()
{
    if (m_forgotten.isEmpty())
        return {};
    if (auto settled = settle(); !settled)
        return settled;
    const bool perBatch = !m_inTransaction;
    if (perBatch) {
        if (auto began = m_journal.begin(); !began)
            return began;
    }
    for (const QByteArray& key : std::as_const(m_forgotten)) {
        if (auto removed = m_journal.removeRecord(m_sync, key); !removed) {
            if (perBatch)
                m_journal.rollback();
            return removed;
        }
        if (m_state)
            m_state->forget(KeyCodec::text(key));
    }
    m_forgotten.clear();
    if (!perBatch)
        return {};
    if (auto committed = m_journal.commit(); !committed)
        return committed;
    return flushState();
}

void BatchWriter::reportProgress()
{
    if (!m_observer)
        return;
    RunProgress progress;
    progress.phase = QStringLiteral("dispatch");
    progress.counts = m_counts;
    progress.toSend = m_expected;
    const double seconds = std::max(0.001, m_clock.elapsed() / 1000.0);
    progress.rowsPerSecond = m_done / seconds;
    if (m_expected > 0 && progress.rowsPerSecond > 0)
        progress.etaSeconds = (m_expected - m_done) / progress.rowsPerSecond;
    m_observer->onProgress(progress);
}

Result<void> BatchWriter::finish()
{
    if (auto flushed = flush(); !flushed)
        return flushed;
    if (auto settled = settle(); !settled)
        return settled;
    if (auto forgotten = forget(); !forgotten)
        return forgotten;
    if (m_cancelled && !m_destination.durableOnWrite()) {
        // Nothing of a cancelled run is durable in such a destination: keep the journal as it was.
        abort();
        return {};
    }
    if (auto finished = m_destination.finish(); !finished)
        return finished;
    if (m_inTransaction) {
        m_inTransaction = false;
        if (auto committed = m_journal.commit(); !committed)
            return committed;
    }
    return flushState();
}

Result<void> BatchWriter::flushState()
{
    // After the journal's commit: a state that missed it (the warehouse gone meanwhile) only
    // sends those rows back to be found unchanged against the journal next run.
    return m_state ? m_state->flush() : Result<void>();
}

void BatchWriter::abort()
{
    // The batch the destination committed last goes to the journal still, if it can.
    (void)settle();
    m_destination.abort();
    if (!m_destination.durableOnWrite()) { // nothing it took stays there
        m_counts.sent = 0;
        m_counts.failed = 0;
        m_sentSoFar.store(0, std::memory_order_relaxed);
    }
    if (m_inTransaction) {
        m_journal.rollback();
        m_inTransaction = false;
    }
    // What the state has queued is of records the journal did not commit (each batch's is
    // written once the journal committed it): they are sent again, so the state must not learn them.
    if (m_state)
        m_state->discard();
}

} // namespace Ebb
