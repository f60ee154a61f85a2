#pragma once

#include "BatchWriter.h"
#include "Change.h"
#include "app/journal/Journal.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

namespace Ebb {

// Runs a BatchWriter on a thread of its own, so that sending and journaling overlap with
// reading, mapping and diffing. The diff hands over changes and rejects in order, in chunks,
// through a short queue: the writer's thread is the only user of the journal and the
// destination until finish() or abort() returns.
class WriterThread
{
public:
    WriterThread(BatchWriter& writer, Journal& journal, QString sync, qint64 runId, int batchSize);
    ~WriterThread();
    WriterThread(const WriterThread&) = delete;
    WriterThread& operator=(const WriterThread&) = delete;

    void start();
    // Both return the writer's error once it has one; the diff should stop then.
    Result<void> add(Change&& change);
    Result<void> addReject(Reject&& reject);
    // Waits for everything queued to be written, then finishes the writer.
    Result<void> finish();
    // Stops the writer and aborts it (destination and journal transaction).
    void abort();
    // The writer failed or was cancelled: queueing more is pointless.
    bool stopped() const;

private:
    using Item = std::variant<Change, Reject>;
    using Chunk = std::vector<Item>;

    Result<void> push(Item&& item);
    Result<void> handOver(bool last);
    void loop();
    Result<void> write(Chunk& chunk);
    // Waits for the thread, then frees the lists it used, here, where they were made.
    void joinAndRelease();

    BatchWriter& m_writer;
    Journal& m_journal;
    QString m_sync;
    qint64 m_runId;
    int m_batchSize;
    size_t m_maxQueuedChunks;

    Chunk m_filling; // the diff's side: items not handed over yet
    size_t m_fillingRejectBytes = 0; // what the rejects in m_filling hold

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Chunk> m_queue;
    std::deque<size_t> m_queueRejectBytes; // per queued chunk, what its rejects hold
    size_t m_queuedRejectBytes = 0;
    std::vector<QList<Change>> m_returned; // sent changes, to be freed on the diff's thread
    std::vector<QList<Change>> m_spare; // emptied lists for the writer to fill again
    std::vector<QList<Change>> m_emptied; // the diff's side: emptied, not handed back yet
    std::vector<Chunk> m_spareChunks; // written chunks, emptied, for the diff to fill again
    bool m_closed = false; // no more chunks will come
    bool m_stop = false; // abort: drop what is queued
    bool m_done = false; // the thread has finished its loop
    bool m_stopped = false; // failed or cancelled
    std::optional<Error> m_error;
    Result<void> m_finished;
    std::thread m_thread;
};

} // namespace Ebb
