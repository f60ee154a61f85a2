#include "RowHash.h"

#include "Decimal.h"

#include <QDate>
#include <QDateTime>
#include <cstring>

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

} // namespace

quint64 rowHash(const QVariant* cells, int count, quint64 salt)
{
    Hasher h(salt);
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
    return h.result();
}

} // namespace Ebb
