#pragma once

#include "models/Result.h"
#include "models/RowBatch.h"
#include "models/SyncSpec.h"
#include "models/Workspace.h"
#include "models/destination/DestinationSchema.h"

#include <QTemporaryDir>

namespace Ebb::TestSupport {

// The demo workspace as the mapping editor sees it, from the real pieces: the workspace
// copied to a temporary folder and loaded by WorkspaceLoader, the warehouse built from
// seed.sql, the customers-to-crm sync, the CRM table's schema as the SQLite destination
// describes it (crm-schema.sql), and sample rows read through the warehouse connector.
class DemoStudio
{
public:
    Result<void> open(int sampleRows = 5);
    // The first `rows` rows of `sql` on the demo warehouse.
    Result<RowBatch> query(const QString& sql, int rows = 5) const;
    // Sample rows of the sync's own query, restricted by `where` (SQL over its columns):
    // how a test puts a known dirty row first.
    Result<RowBatch> sampleWhere(const QString& where, int rows = 1) const;

    QTemporaryDir dir;
    Workspace workspace;
    SyncSpec sync;
    DestinationSchema schema;
    RowBatch sample;
};

} // namespace Ebb::TestSupport
