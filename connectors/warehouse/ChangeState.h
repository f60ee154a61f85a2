#pragma once

#include "models/Result.h"

#include <QString>

namespace Ebb {

// A sync's state kept inside the warehouse, for change detection there ("changeDetection":
// "warehouse"): the key and row hash of each record the destination acknowledged, in a table
// of the connection's state schema. The warehouse compares the query with it in SQL, so only
// added and changed rows leave it. Acknowledgements are queued from any thread and written
// in bulk, in one transaction, by flush(); what was never flushed is simply sent again.
class ChangeState
{
public:
    virtual ~ChangeState() = default;

    // "schema"."table", as the warehouse names it (for messages).
    virtual QString name() const = 0;
    // It held no key when opened (a first run, or none acknowledged yet): every row is new.
    virtual bool wasEmpty() const = 0;
    // How many keys it held when opened (before this run acknowledged any).
    virtual qint64 keysAtOpen() const = 0;
    // `key` as KeyCodec::text() gives it; `hash` the row hash the changes query returned.
    virtual void acknowledge(const QString& key, qint64 hash) = 0;
    virtual void forget(const QString& key) = 0;
    virtual Result<void> flush() = 0;
    virtual void discard() = 0;
};

} // namespace Ebb
