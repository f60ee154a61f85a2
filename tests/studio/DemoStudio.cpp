#include "DemoStudio.h"

#include "app/demo/DemoWorkspace.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/destinations/DestinationFactory.h"
#include "connectors/warehouse/WarehouseFactory.h"

namespace Ebb::TestSupport {

Result<void> DemoStudio::open(int sampleRows)
{
    if (!dir.isValid())
        return Error::io(QStringLiteral("no temporary folder"));
    auto folder = DemoWorkspace::ensure(dir.filePath(QStringLiteral("demo")));
    if (!folder)
        return folder.error();
    auto loaded = WorkspaceLoader::load(*folder);
    if (!loaded)
        return loaded.error();
    workspace = *loaded;
    const SyncSpec* found = workspace.sync(QStringLiteral("customers-to-crm"));
    if (!found)
        return Error::config(QStringLiteral("the demo has no customers-to-crm sync"));
    sync = *found;
    auto destination = DestinationFactory::forDescribing(workspace, sync.destinationConnection, sync.object);
    if (!destination)
        return destination.error();
    auto described = (*destination)->schema();
    if (!described)
        return described.error();
    schema = *described;
    auto rows = query(sync.query, sampleRows);
    if (!rows)
        return rows.error();
    sample = *rows;
    return {};
}

Result<RowBatch> DemoStudio::query(const QString& sql, int rows) const
{
    auto warehouse = WarehouseFactory::create(workspace, *workspace.connection(sync.sourceConnection));
    if (!warehouse)
        return warehouse.error();
    auto cursor = (*warehouse)->open(sql);
    if (!cursor)
        return cursor.error();
    return (*cursor)->next(rows);
}

Result<RowBatch> DemoStudio::sampleWhere(const QString& where, int rows) const
{
    return query(QStringLiteral("SELECT * FROM (%1) WHERE %2").arg(sync.query, where), rows);
}

} // namespace Ebb::TestSupport
