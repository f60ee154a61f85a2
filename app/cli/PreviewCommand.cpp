#include "PreviewCommand.h"

#include "TextTable.h"

#include "connectors/warehouse/WarehouseFactory.h"
#include "models/ValueFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

ExitCode PreviewCommand::run(const CliContext& context)
{
    if (context.arguments.size() != 1)
        return context.usage(QStringLiteral("preview takes one sync id"));
    const SyncSpec* sync = context.workspace.sync(context.arguments.first());
    if (!sync)
        return context.fail(Error::config(QStringLiteral("no sync \"%1\" in %2/syncs").arg(context.arguments.first(), context.workspace.root)));
    const ConnectionSpec* source = context.workspace.connection(sync->sourceConnection);
    auto connector = WarehouseFactory::create(context.workspace, *source);
    if (!connector)
        return context.fail(connector.error());
    auto cursor = (*connector)->open(sync->query);
    if (!cursor)
        return context.fail(cursor.error());

    // One row past the limit tells whether there is more, without counting the rest.
    auto batch = (*cursor)->next(context.limit + 1);
    if (!batch)
        return context.fail(batch.error());
    const QList<Column>& columns = (*cursor)->columns();
    const int shown = std::min(batch->rowCount(), context.limit);
    const bool more = batch->rowCount() > context.limit;

    if (context.json) {
        QJsonArray columnArray;
        for (const auto& column : columns)
            columnArray.append(QJsonObject{{QStringLiteral("name"), column.name},
                                           {QStringLiteral("type"), valueTypeName(column.type)},
                                           {QStringLiteral("nativeType"), column.nativeType}});
        QJsonArray rows;
        for (int r = 0; r < shown; ++r) {
            QJsonObject row;
            for (int c = 0; c < columns.size(); ++c)
                row.insert(columns[c].name, ValueFormat::toJson(batch->at(r, c), columns[c].type));
            rows.append(row);
        }
        const QJsonObject result{{QStringLiteral("sync"), sync->id}, {QStringLiteral("columns"), columnArray},
                                 {QStringLiteral("rows"), rows}, {QStringLiteral("limit"), context.limit},
                                 {QStringLiteral("more"), more}};
        context.out << QJsonDocument(result).toJson(QJsonDocument::Indented);
    } else {
        QStringList header;
        for (const auto& column : columns)
            header << column.name;
        TextTable table(header);
        for (int r = 0; r < shown; ++r) {
            QStringList cells;
            for (int c = 0; c < columns.size(); ++c)
                cells << ValueFormat::display(batch->at(r, c), columns[c].type);
            table.addRow(cells);
        }
        context.out << table.render();
        context.out << QStringLiteral("%1 row(s) of sync \"%2\" from connection \"%3\"%4\n")
                           .arg(shown)
                           .arg(sync->id, sync->sourceConnection, more ? QStringLiteral("; more rows follow (--limit)") : QString());
    }
    context.out.flush();
    return ExitCode::Ok;
}

} // namespace Ebb
