#include "PreviewRunner.h"

#include "DiffStage.h"
#include "app/journal/Journal.h"
#include "connectors/destinations/DestinationFactory.h"
#include "connectors/warehouse/WarehouseFactory.h"

#include <QDir>

namespace Ebb {

Result<PreviewRunner::Preview> PreviewRunner::run(
    const Workspace& workspace, const SyncSpec& sync, int limit, const std::atomic_bool* cancel)
{
    Preview preview;
    const ConnectionSpec* source = workspace.connection(sync.sourceConnection);
    auto warehouse = WarehouseFactory::create(workspace, *source);
    if (!warehouse)
        return warehouse.error();
    DestinationSchema schema;
    schema.acceptsAnyField = true;
    auto destination = DestinationFactory::create(workspace, sync);
    if (!destination)
        return destination.error();
    if (auto described = (*destination)->schema())
        schema = *described;
    else
        preview.note = QStringLiteral("the destination could not describe itself, so only mapping was checked: %1")
                           .arg(described.error().message);

    const auto stopped = [cancel] { return cancel && cancel->load(); };
    const Error stoppedError{Error::Category::Cancelled, QStringLiteral("The preview was stopped."), {}};
    if (stopped()) // the destination's description can take a while
        return stoppedError;
    auto columns = (*warehouse)->describe(sync.query);
    if (!columns)
        return columns.error();
    auto described = Mapper::compile(sync, *columns);
    if (!described)
        return Error::config(QStringLiteral("syncs/%1.json: %2").arg(sync.id, described.error().message));
    described->setKeyOrder((*warehouse)->keyOrder((*columns)[described->keyColumn()].type));
    auto cursor = (*warehouse)->openOrderedByKey(sync.query, *columns, sync.primaryKey);
    if (!cursor)
        return cursor.error();
    auto mapper = Mapper::compile(sync, (*cursor)->columns());
    if (!mapper)
        return Error::config(QStringLiteral("syncs/%1.json: %2").arg(sync.id, mapper.error().message));
    mapper->setKeyOrder(described->keyOrder()); // the order the warehouse sorted in
    if (auto matched = checkMatchField(schema, sync.matchField, sync.mode, mapper->targets().get()); !matched)
        return Error::config(QStringLiteral("syncs/%1.json: %2").arg(sync.id, matched.error().message));
    const PayloadValidator validator(schema, *mapper->targets(), sync.mode);
    // A preview writes nothing, so it works in a workspace one may not write.
    auto journal = Journal::openForReading(QDir(workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
    if (!journal)
        return journal.error();
    auto records = (*journal)->records(sync.id, described->keyOrder()); // read only: a run may be writing
    if (!records)
        return records.error();

    // Changes and rejects are listed apart, up to `limit` each: a few rejects among many new
    // rows must not fall off the list. The read goes on until both lists are full (or the
    // query ends, or `maxRows` rows were judged), so a query with few rejects is previewed
    // whole and its counts are the run's.
    QList<Item>& items = preview.items;
    int changesListed = 0;
    int rejectsListed = 0;
    DiffStage::Settings settings{sync.id, sync.mode, sync.matchField, false, false, false, {}, false, {}, false, {}};
    settings.matchValueRequired
        = !schema.acceptsAnyField && !sync.matchField.isEmpty() && sync.mode != SyncMode::Insert;
    DiffStage diff(
        settings, *mapper, validator, journal->get(), std::move(*records),
        [&](Change&& change) -> Result<void> {
            static const char* const kinds[] = {"added", "changed", "removed"};
            if (change.kind == Change::Kind::Forgotten)
                return {}; // nothing would be sent for it; the counts show it as removed
            if (changesListed >= limit)
                return {};
            ++changesListed;
            items << Item{
                KeyCodec::text(change.record.key), QLatin1String(kinds[int(change.kind)]), change.record.json, {}, {}};
            if (change.kind == Change::Kind::Changed) {
                auto before = (*journal)->lastPayload(sync.id, change.record.key);
                if (!before)
                    return before.error();
                items.last().before = *before;
            }
            return {};
        },
        [&](Reject&& reject) -> Result<void> {
            ++preview.rejectsByRule[reject.rule];
            ++preview.rejectsByField[reject.field][reject.rule];
            // A row with several problems reports each; they belong to one item.
            if (!items.isEmpty() && items.last().change == QLatin1String("rejected") && items.last().key == reject.key
                && items.last().payload == reject.payload && reject.rule != RejectRule::DuplicateKey)
                items.last().problems << reject;
            else if (rejectsListed < limit) {
                ++rejectsListed;
                items << Item{reject.key, QStringLiteral("rejected"), reject.payload, {reject}, {}};
            }
            return {};
        });
    for (;;) {
        if (stopped())
            return stoppedError;
        auto batch = (*cursor)->next(1000);
        if (!batch)
            return batch.error();
        if (batch->rowCount() == 0) {
            preview.complete = true;
            break;
        }
        if (auto consumed = diff.consume(*batch); !consumed)
            return consumed.error();
        if ((changesListed >= limit && rejectsListed >= limit) || diff.counts().queried >= maxRows)
            break;
    }
    if (preview.complete) {
        if (auto finished = diff.finish(); !finished)
            return finished.error();
    }
    preview.counts = diff.counts();
    // A preview that stops early counts only the rows it judged, so the fates add up to it.
    preview.counts.queried -= diff.undecidedRows();
    return preview;
}

} // namespace Ebb
