#pragma once

#include <QtGlobal>

namespace Ebb::StoredHash {

// The journal keeps two 64-bit hashes per record: the payload's and the source row's. Since
// journal version 9 they are XXH3 (xxhash) with the top bit set; a hash without it is one
// made before (Ebb's own mixer, its top bit cleared when the journal was migrated). A record
// whose hash is of the old kind is compared with the old function, so nothing is sent again
// because the function changed; it takes the new kind the next time it is written.
constexpr quint64 currentKind = 1ULL << 63;

inline quint64 mark(quint64 xxh3)
{
    return xxh3 | currentKind;
}

inline bool isCurrent(quint64 stored)
{
    return (stored & currentKind) != 0;
}

// Whether `stored` is the hash of what `fresh` (marked) was made from; `legacy` makes the old
// kind's hash of it, only when `stored` is of that kind.
template <class Legacy> bool matches(quint64 stored, quint64 fresh, Legacy legacy)
{
    return isCurrent(stored) ? stored == fresh : stored == (legacy() & ~currentKind);
}

} // namespace Ebb::StoredHash
