#include "RowHash.h"

#include "Decimal.h"
#include "StoredHash.h"

#include <QDate>
#include <QDateTime>
#include <algorithm>
#include <cstring>
#include <vector>
#include <xxhash.h>

namespace Ebb {

namespace {

class Hasher
{
public:
    explicit Hasher(quint64 seed)
        : m_h(seed ^ 0x243F6A8885A308D3ULL)
    {
    }

    void add(quint64 word)
    {
        m_h = (m_h ^ word) * 0x9E3779B97F4A7C15ULL;
        m_h ^= m_h >> 29;
    }
    void addBytes(const void* data, size_t size)
    {
        const auto* p = static_cast<const char*>(data);
        add(size);
        for (; size >= 8; p += 8, size -= 8) {
            quint64 w;
            std::memcpy(&w, p, 8);
            add(w);
        }
        quint64 tail = 0;
        std::memcpy(&tail, p, size);
        add(tail);
    }
    quint64 result() const
    {
        quint64 h = m_h;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        return h ^ (h >> 33);
    }

private:
    quint64 m_h;
};

// The same words and bytes, gathered for one XXH3 call: the row's cells are small, and one
// call over them beats a streaming state updated per cell. Appends are plain copies into a
// buffer that only grows (QByteArray::append cost more than the hash itself).
class Gatherer
{
public:
    explicit Gatherer(std::vector<char>& buffer)
        : m_buffer(buffer)
    {
    }
    void add(quint64 word) { put(&word, sizeof word); }
    void addBytes(const void* data, size_t size)
    {
        add(size);
        put(data, size);
    }
    const char* data() const { return m_buffer.data(); }
    size_t size() const { return m_used; }

private:
    void put(const void* data, size_t size)
    {
        if (size == 0)
            return;
        if (m_used + size > m_buffer.size())
            m_buffer.resize(std::max(m_buffer.size() * 2, m_used + size + 256));
        std::memcpy(m_buffer.data() + m_used, data, size);
        m_used += size;
    }

    std::vector<char>& m_buffer;
    size_t m_used = 0;
};

// Feeds the cells' types and values to `h` (a Hasher or a Gatherer).
template <class Sink> void feed(Sink& h, const QVariant* cells, int count);

} // namespace

quint64 rowHash(const QVariant* cells, int count, quint64 salt)
{
    thread_local std::vector<char> buffer;
    Gatherer g(buffer);
    feed(g, cells, count);
    return StoredHash::mark(XXH3_64bits_withSeed(g.data(), g.size(), salt));
}

quint64 legacyRowHash(const QVariant* cells, int count, quint64 salt)
{
    Hasher h(salt);
    feed(h, cells, count);
    return h.result();
}

namespace {

template <class Sink> void feed(Sink& h, const QVariant* cells, int count)
{
    for (int i = 0; i < count; ++i) {
        const QVariant& v = cells[i];
        if (!v.isValid() || v.isNull()) {
            h.add(0xA5A5A5A5ULL);
            continue;
        }
        h.add(quint64(v.typeId()));
        switch (v.typeId()) {
        case QMetaType::LongLong:
        case QMetaType::Int:
            h.add(quint64(v.toLongLong()));
            break;
        case QMetaType::Bool:
            h.add(v.toBool() ? 1 : 2);
            break;
        case QMetaType::Double: {
            const double d = v.toDouble();
            quint64 bits;
            std::memcpy(&bits, &d, 8);
            h.add(bits);
            break;
        }
        case QMetaType::QDate:
            h.add(quint64(v.toDate().toJulianDay()));
            break;
        case QMetaType::QDateTime:
            h.add(quint64(v.toDateTime().toMSecsSinceEpoch()));
            break;
        case QMetaType::QString: {
            // The QString is shared with the cell: no copy of the characters.
            const QString& text = *static_cast<const QString*>(v.constData());
            h.addBytes(text.constData(), size_t(text.size()) * sizeof(QChar));
            break;
        }
        case QMetaType::QByteArray: {
            const QByteArray& bytes = *static_cast<const QByteArray*>(v.constData());
            h.addBytes(bytes.constData(), size_t(bytes.size()));
            break;
        }
        default: {
            const QString text = v.toString();
            h.addBytes(text.constData(), size_t(text.size()) * sizeof(QChar));
        }
        }
    }
}

} // namespace

} // namespace Ebb
