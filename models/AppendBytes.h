#pragma once

#include <QByteArray>
#include <cstring>

namespace Ebb {

// Appends `size` bytes to `out`. QByteArray::append(const char*, qsizetype) goes through a
// general insert() in Qt 6 (the writers' profiles showed it); this grows the array as append
// does (geometrically) and copies.
inline void appendBytes(QByteArray& out, const char* data, qsizetype size)
{
    const qsizetype at = out.size();
    out.resize(at + size);
    std::memcpy(out.data() + at, data, size_t(size));
}

inline void appendBytes(QByteArray& out, const QByteArray& bytes)
{
    appendBytes(out, bytes.constData(), bytes.size());
}

} // namespace Ebb
