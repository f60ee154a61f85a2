#pragma once

#include "models/Result.h"
#include "models/RunReport.h"
#include "models/Workspace.h"
#include "models/mapping/Reject.h"

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
    };

    static Result<Preview> run(const Workspace& workspace, const SyncSpec& sync, int limit);
};

} // namespace Ebb
