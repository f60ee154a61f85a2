#include "WriterThread.h"

namespace Ebb {

namespace {

// Per hand-over: one lock per 256 changes, not per change; and a chunk's block stays below
// glibc's mmap threshold (128 KiB), so it is reused rather than mapped and faulted in anew.
constexpr size_t chunkItems = 256;
// The queue holds two batches of changes, which are small next to a batch's records, but
// rejects come ten times as fast as the journal takes them when every row is rejected, and
// may carry long values (20,000 rejects of 2 KB values held 160 MB): the diff also waits
// while the rejects queued pass this.
constexpr size_t maxQueuedRejectBytes = 8u << 20;

size_t bytesOf(const Reject& reject)
{
    return size_t(reject.key.size() + reject.field.size() + reject.message.size() + reject.value.size()) * sizeof(QChar)
        + size_t(reject.payload.size()) + sizeof(Reject);
}

} // namespace

WriterThread::WriterThread(BatchWriter& writer, Journal& journal, QString sync, qint64 runId, int batchSize)
    : m_writer(writer)
    , m_journal(journal)
    , m_sync(std::move(sync))
    , m_runId(runId)
    ,
    // Room for two of the writer's batches: the diff goes on filling the next one while the
    // writer sends one, and waits only when the writer lags (which bounds memory).
    m_batchSize(std::max(1, batchSize))
    , m_maxQueuedChunks(std::max<size_t>(4, 2 * size_t(m_batchSize) / chunkItems + 2))
{
    static_assert(chunkItems * sizeof(Item) < 128 * 1024, "a chunk should stay below the mmap threshold");
    m_filling.reserve(chunkItems);
}

WriterThread::~WriterThread()
{
    if (m_thread.joinable())
        abort();
}

void WriterThread::start()
{
    m_writer.setRecycler([this](QList<Change>&& sent) {
        const std::lock_guard lock(m_mutex);
        m_returned.push_back(std::move(sent));
        QList<Change> next;
        if (!m_spare.empty()) {
            next = std::move(m_spare.back());
            m_spare.pop_back();
        } else {
            next.reserve(m_batchSize);
        }
        return next;
    });
    m_thread = std::thread([this] { loop(); });
}

bool WriterThread::stopped() const
{
    const std::lock_guard lock(m_mutex);
    return m_stopped;
}

Result<void> WriterThread::add(Change&& change)
{
    return push(Item(std::in_place_type<Change>, std::move(change)));
}

Result<void> WriterThread::addReject(Reject&& reject)
{
    m_fillingRejectBytes += bytesOf(reject);
    return push(Item(std::in_place_type<Reject>, std::move(reject)));
}

Result<void> WriterThread::push(Item&& item)
{
    m_filling.push_back(std::move(item));
    if (m_filling.size() < chunkItems)
        return {};
    return handOver(false);
}

Result<void> WriterThread::handOver(bool last)
{
    std::vector<QList<Change>> returned;
    std::unique_lock lock(m_mutex);
    returned.swap(m_returned);
    // Lists emptied last time go back to the writer to fill again: a batch's list is a
    // large block, and a fresh one each batch costs page faults.
    for (QList<Change>& list : m_emptied) {
        if (m_spare.size() < 2)
            m_spare.push_back(std::move(list));
    }
    m_emptied.clear();
    m_changed.wait(lock, [&] {
        return (m_queue.size() < m_maxQueuedChunks && (m_queue.empty() || m_queuedRejectBytes < maxQueuedRejectBytes))
            || m_stopped || m_done;
    });
    const std::optional<Error> error = m_error;
    if (!error) {
        if (!m_filling.empty() && !m_stopped) {
            m_queue.push_back(std::move(m_filling));
            m_queueRejectBytes.push_back(m_fillingRejectBytes);
            m_queuedRejectBytes += m_fillingRejectBytes;
            if (!m_spareChunks.empty()) {
                m_filling = std::move(m_spareChunks.back());
                m_spareChunks.pop_back();
            } else {
                m_filling = Chunk();
                m_filling.reserve(chunkItems);
            }
        }
        m_filling.clear();
        m_fillingRejectBytes = 0;
        if (last)
            m_closed = true;
        m_changed.notify_all();
    }
    lock.unlock();
    // The sent changes are freed here, on the thread that made them, outside the lock.
    for (QList<Change>& list : returned) {
        list.clear(); // keeps the capacity
        m_emptied.push_back(std::move(list));
    }
    if (error)
        return *error;
    return {};
}

void WriterThread::loop()
{
    for (;;) {
        Chunk chunk;
        {
            std::unique_lock lock(m_mutex);
            if (m_queue.empty() && !m_closed && !m_stop) {
                // Nothing to write alongside: the journal takes the batch the destination
                // committed last now, rather than when the next one is full.
                lock.unlock();
                Result<void> settled = m_writer.settle();
                lock.lock();
                if (!settled) {
                    m_error = settled.error();
                    m_stopped = true;
                    m_finished = std::move(settled);
                    break;
                }
            }
            m_changed.wait(lock, [&] { return !m_queue.empty() || m_closed || m_stop; });
            if (m_stop)
                break;
            if (m_queue.empty()) { // closed and drained
                lock.unlock();
                Result<void> finished = m_writer.finish();
                lock.lock();
                if (!finished)
                    m_error = finished.error();
                m_finished = std::move(finished);
                break;
            }
            chunk = std::move(m_queue.front());
            m_queue.pop_front();
            m_queuedRejectBytes -= m_queueRejectBytes.front();
            m_queueRejectBytes.pop_front();
            m_changed.notify_all();
        }
        Result<void> written = write(chunk);
        chunk.clear(); // moved-from shells and rejects; sent changes go back through the recycler
        const std::lock_guard lock(m_mutex);
        if (m_spareChunks.size() < 2)
            m_spareChunks.push_back(std::move(chunk)); // its block, for the diff to fill again
        if (!written) {
            m_error = written.error();
            m_stopped = true;
            m_finished = std::move(written);
            break;
        }
        if (m_writer.cancelled())
            m_stopped = true;
    }
    const std::lock_guard lock(m_mutex);
    m_done = true;
    m_changed.notify_all();
}

Result<void> WriterThread::write(Chunk& chunk)
{
    for (Item& item : chunk) {
        if (auto* change = std::get_if<Change>(&item)) {
            if (auto added = m_writer.add(std::move(*change)); !added)
                return added;
        } else if (auto added = m_journal.addReject(m_runId, m_sync, std::get<Reject>(item)); !added) {
            return added;
        }
    }
    return {};
}

Result<void> WriterThread::finish()
{
    const Result<void> handed = handOver(true);
    joinAndRelease();
    if (!handed)
        return handed;
    return m_finished;
}

void WriterThread::abort()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
        m_queue.clear();
        m_queueRejectBytes.clear();
        m_queuedRejectBytes = 0;
        m_changed.notify_all();
    }
    joinAndRelease();
    m_writer.abort();
}

void WriterThread::joinAndRelease()
{
    if (m_thread.joinable())
        m_thread.join();
    m_returned.clear();
    m_emptied.clear();
    m_spare.clear();
    m_spareChunks.clear();
    m_writer.setRecycler({});
}

} // namespace Ebb
