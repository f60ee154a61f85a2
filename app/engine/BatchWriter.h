#pragma once

#include "Change.h"
#include "RunObserver.h"
#include "TaskThread.h"
#include "app/journal/Journal.h"
#include "connectors/destinations/Destination.h"
#include "connectors/warehouse/ChangeState.h"
#include "models/LogLevel.h"

#include <QElapsedTimer>
#include <atomic>
#include <functional>

namespace Ebb {

// Sends changes to a destination in batches of its maximum size and writes each record's
// outcome to the journal. A key's new hash is committed only after the destination
// acknowledged it: with a destination durable on write, batch by batch; otherwise all at
// once after the destination's finish().
class BatchWriter
{
public:
    BatchWriter(Destination& destination, Journal& journal, QString sync, qint64 runId, int batchSize,
        bool keepPayloads, RunCounts& counts, RunObserver* observer, const std::atomic_bool* cancel);

    Result<void> begin();
    Result<void> add(Change&& change);
    // Flushes, finishes the destination and commits the journal.
    Result<void> finish();
    void abort();
    bool cancelled() const { return m_cancelled; }
    void setExpected(qint64 toSend) { m_expected = toSend; }
    // Where warnings about single records go (the run's log); without one, to the observer.
    void setLogger(std::function<void(LogLevel level, const QString& text)> log) { m_log = std::move(log); }
    // Sent batches go to `recycle` instead of being freed here: a writer on a thread of its
    // own gives them back to the thread that allocated them (freeing across threads makes
    // the allocator's arenas contend). It answers with an empty list to fill next.
    using Recycler = std::function<QList<Change>(QList<Change>&& sent)>;
    void setRecycler(Recycler recycle) { m_recycle = std::move(recycle); }
    // Change detection in the warehouse: what the destination acknowledged (and the keys that
    // left) goes to the sync's state there too, each time the journal commits it.
    void setChangeState(ChangeState* state) { m_state = state; }
    // Journals the batch the destination committed last, now, here (the writer is idle: no
    // batch to write it alongside).
    Result<void> settle();
    // Records acknowledged so far; readable from any thread while the writer works.
    qint64 sentSoFar() const { return m_sentSoFar.load(std::memory_order_relaxed); }

private:
    // A batch the destination committed, its journal to be written alongside the next batch.
    struct Held
    {
        QList<Change> batch;
        QList<RecordOutcome> outcomes;
    };

    Result<void> flush();
    // Counts what the destination said of m_batch, and logs each record that failed.
    void tally(const QList<RecordOutcome>& outcomes);
    // Writes each record's outcome to the journal (committed per batch with a destination
    // durable on write), then tells the state.
    Result<void> journal(const QList<Change>& batch, const QList<RecordOutcome>& outcomes);
    // The sent list back to its maker (setRecycler) for an empty one to fill.
    QList<Change> recycle(QList<Change>&& sent);
    // Drops the keys of Change::Kind::Forgotten from the journal.
    Result<void> forget();
    // Writes what the state queued since its last flush (with change detection in the warehouse).
    Result<void> flushState();
    void reportProgress();

    Destination& m_destination;
    Journal& m_journal;
    QString m_sync;
    qint64 m_runId;
    int m_batchSize;
    std::vector<Journal::Synced> m_synced; // the batch's acknowledgements, recorded together
    bool m_keepPayloads; // the destination diffs fields, so the journal keeps what was sent
    RunCounts& m_counts;
    RunObserver* m_observer;
    const std::atomic_bool* m_cancel;
    bool m_cancelled = false;
    bool m_inTransaction = false;
    qint64 m_expected = -1;
    qint64 m_done = 0;
    QElapsedTimer m_clock;
    QList<Change> m_batch;
    QList<QByteArray> m_forgotten; // keys that left the query, for the journal to drop
    QList<OutgoingRecord> m_records; // the batch's records, lent to the destination
    std::atomic<qint64> m_sentSoFar{0};
    Recycler m_recycle;
    ChangeState* m_state = nullptr;
    // With a destination that defers commits: the batch to journal next, and the thread that
    // journals one batch while the next is written (declared after what it reads, so that it
    // is stopped first).
    std::optional<Held> m_held;
    std::optional<TaskThread> m_journaler;
    QList<Change> m_spare; // an empty list to fill after the one being filled
    std::function<void(LogLevel, const QString&)> m_log;
};

} // namespace Ebb
