#pragma once

#include "models/Result.h"
#include "models/RowBatch.h"

namespace Ebb {

// A forward-only stream of a query's rows. It owns its database connection and must be
// used (and destroyed) by the thread that opened it.
class RowStream
{
public:
    virtual ~RowStream() = default;

    virtual const QList<Column>& columns() const = 0;
    // Up to maxRows rows; an empty batch means the stream is done. After an error the
    // cursor is finished.
    virtual Result<RowBatch> next(int maxRows) = 0;
    virtual bool atEnd() const = 0;
};

} // namespace Ebb
