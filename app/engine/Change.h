#pragma once

#include "connectors/destinations/Destination.h"

namespace Ebb {

// One difference between the query and the journal, on its way to the destination.
struct Change
{
    enum class Kind { Added, Changed, Removed };

    Kind kind = Kind::Added;
    OutgoingRecord record;
    quint64 hash = 0;       // of the payload's JSON (record.json; 0 for Removed)
    quint64 sourceHash = 0; // RowHash of the source row, recorded when the send is acknowledged
};

} // namespace Ebb
