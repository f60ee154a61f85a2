#pragma once

#include "connectors/destinations/Destination.h"

namespace Ebb {

// One difference between the query and the journal, on its way to the destination.
struct Change
{
    // Removed: a key that left the query of a mirror sync, deleted at the destination.
    // Forgotten: a key that left the query of a sync that deletes nothing; the journal drops
    // it, nothing is sent (if it comes back, it is new again).
    enum class Kind { Added, Changed, Removed, Forgotten };

    Kind kind = Kind::Added;
    OutgoingRecord record;
    quint64 hash = 0; // of the payload's JSON (record.json; 0 for Removed)
    quint64 sourceHash = 0; // RowHash of the source row, recorded when the send is acknowledged
};

} // namespace Ebb
