#pragma once

#include <QVariant>

namespace Ebb {

// A 64-bit hash of a source row's cells (types and values), salted with the mapping's
// fingerprint: when it matches what the journal recorded for the key, the row and its
// mapping are what they were at the last acknowledged send, so the row is unchanged
// without being mapped at all. Stable across runs and machines.
// XXH3, marked as the current kind (StoredHash).
quint64 rowHash(const QVariant* cells, int count, quint64 salt);
// The hash journals kept before version 9, for records still holding one.
quint64 legacyRowHash(const QVariant* cells, int count, quint64 salt);

} // namespace Ebb
