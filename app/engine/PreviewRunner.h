#pragma once

#include "models/Result.h"
#include "models/RunReport.h"
#include "models/Workspace.h"
#include "models/mapping/Reject.h"

#include <QHash>
#include <atomic>

namespace Ebb {

// What a run would do with the first rows, without sending or recording anything: each
// row's key, change kind (added / changed / unchanged / rejected) and payload or reasons.
class PreviewRunner
{
public:
    struct Item
    {
        QString key;
        QString change; // added, changed, unchanged, removed, rejected
        QByteArray payload;
        QList<Reject> problems;
        // For a change: what the journal says was last sent (JSON), where it keeps payloads
        // (table destinations, a mirror matching on a field); empty where it keeps a hash only.
        QByteArray before;
    };
    struct Preview
    {
        QList<Item> items;
        RunCounts counts; // over the rows judged, which may stop soon after `limit` items
        bool complete = false; // the whole query was read
        QString note; // e.g. the destination could not describe itself
        QHash<RejectRule, qint64> rejectsByRule; // every problem of every row judged, listed or not
        // The same problems by the destination field at fault ("" for none), then by rule.
        QHash<QString, QHash<RejectRule, qint64>> rejectsByField;
    };

    // Lists up to `limit` changes and `limit` rejects (with their rows' fates counted), reading
    // until both lists are full, the query ends, or `maxRows` rows were judged.
    static constexpr qint64 maxRows = 200000;
    // `cancel`, set from another thread, stops it between batches with a Cancelled error.
    static Result<Preview> run(
        const Workspace& workspace, const SyncSpec& sync, int limit, const std::atomic_bool* cancel = nullptr);
};

} // namespace Ebb
