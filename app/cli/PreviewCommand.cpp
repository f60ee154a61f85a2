#include "PreviewCommand.h"

#include "TextTable.h"
#include "app/engine/PreviewRunner.h"
#include "connectors/warehouse/WarehouseFactory.h"
#include "models/ValueFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>
#include <algorithm>

namespace Ebb {

namespace {

// A NULL key and an empty text key both show as "" in a reject; the rule tells them apart.
bool nullKey(const PreviewRunner::Item& item)
{
    return std::any_of(
        item.problems.begin(), item.problems.end(), [](const Reject& r) { return r.rule == RejectRule::NullKey; });
}

} // namespace

ExitCode PreviewCommand::run(const CliContext& context)
{
    if (context.arguments.size() != 1)
        return context.usage(QStringLiteral("preview takes one sync id"));
    const SyncSpec* sync = context.syncOrFail(context.arguments.first());
    if (!sync)
        return ExitCode::BadConfig;
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

    // Then what a run would do with them: mapped payloads, change kinds, rejects.
    auto plan = PreviewRunner::run(context.workspace, *sync, context.limit);
    if (!plan)
        return context.fail(plan.error());

    if (context.json) {
        // Payloads go in as the exact JSON a run sends: QJsonObject would turn 1.10 into 1.1 and
        // round long numbers through a double. Each stands in as a unique marker string first.
        const QString nonce = QUuid::createUuid().toString(QUuid::Id128);
        const auto marker = [&](qsizetype i) { return QStringLiteral("ebb-payload-%1-%2").arg(nonce).arg(i); };
        QJsonArray changes;
        for (qsizetype i = 0; i < plan->items.size(); ++i) {
            const auto& item = plan->items[i];
            QJsonObject entry{{QStringLiteral("key"), nullKey(item) ? QJsonValue() : QJsonValue(item.key)},
                {QStringLiteral("change"), item.change}};
            entry.insert(
                QStringLiteral("payload"), item.payload.startsWith('{') ? QJsonValue(marker(i)) : QJsonValue());
            QJsonArray problems;
            for (const Reject& r : item.problems)
                problems.append(
                    QJsonObject{{QStringLiteral("field"), r.field}, {QStringLiteral("rule"), rejectRuleName(r.rule)},
                        {QStringLiteral("message"), r.message}, {QStringLiteral("value"), r.value}});
            if (!problems.isEmpty())
                entry.insert(QStringLiteral("rejects"), problems);
            changes.append(entry);
        }
        const RunCounts& c = plan->counts;
        const QJsonObject counts{{QStringLiteral("queried"), c.queried}, {QStringLiteral("added"), c.added},
            {QStringLiteral("changed"), c.changed}, {QStringLiteral("removed"), c.removed},
            {QStringLiteral("unchanged"), c.unchanged}, {QStringLiteral("rejected"), c.rejected},
            {QStringLiteral("complete"), plan->complete}};
        QJsonArray columnArray;
        for (const auto& column : columns)
            columnArray.append(
                QJsonObject{{QStringLiteral("name"), column.name}, {QStringLiteral("type"), valueTypeName(column.type)},
                    {QStringLiteral("nativeType"), column.nativeType}});
        QJsonArray rows;
        for (int r = 0; r < shown; ++r) {
            QJsonObject row;
            for (int c = 0; c < columns.size(); ++c)
                row.insert(columns[c].name, ValueFormat::toJson(batch->at(r, c), columns[c].type));
            rows.append(row);
        }
        const QJsonObject result{{QStringLiteral("sync"), sync->id}, {QStringLiteral("columns"), columnArray},
            {QStringLiteral("rows"), rows}, {QStringLiteral("limit"), context.limit}, {QStringLiteral("more"), more},
            {QStringLiteral("changes"), changes}, {QStringLiteral("counts"), counts},
            {QStringLiteral("note"), plan->note}};
        QByteArray text = QJsonDocument(result).toJson(QJsonDocument::Indented);
        for (qsizetype i = 0; i < plan->items.size(); ++i) {
            if (plan->items[i].payload.startsWith('{'))
                text.replace('"' + marker(i).toUtf8() + '"', plan->items[i].payload);
        }
        context.out << text;
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
        context.out << TextTable::wrappedText(
            QStringLiteral("%1 row(s) of sync \"%2\" from connection \"%3\"%4")
                .arg(shown)
                .arg(sync->id, sync->sourceConnection,
                    more ? QStringLiteral("; more rows follow (--limit)") : QString()));
        // The window's Preview says key, fate, message: the same words here.
        TextTable changes({QStringLiteral("KEY"), QStringLiteral("FATE"), QStringLiteral("PAYLOAD / MESSAGE")}, 110);
        for (const auto& item : plan->items) {
            QStringList why;
            for (const Reject& r : item.problems)
                why << (r.field.isEmpty() ? r.message : r.field + QStringLiteral(": ") + r.message);
            changes.addRow({nullKey(item) ? QStringLiteral("NULL") : item.key, item.change,
                item.problems.isEmpty() ? QString::fromUtf8(item.payload) : why.join(QLatin1String("; "))});
        }
        const auto rejects = std::count_if(
            plan->items.begin(), plan->items.end(), [](const auto& item) { return !item.problems.isEmpty(); });
        const auto listed = [](qsizetype n, const char* what) {
            return n ? QStringLiteral("the first %1 %2(s)").arg(n).arg(QLatin1String(what))
                     : QStringLiteral("no %1s").arg(QLatin1String(what));
        };
        context.out << '\n'
                    << TextTable::wrappedText(
                           QStringLiteral("What a run would send (%1 and %2, in key order; nothing is sent):")
                               .arg(listed(plan->items.size() - rejects, "change"), listed(rejects, "reject")))
                    << changes.render();
        if (!plan->note.isEmpty())
            context.out << "note: " << plan->note << '\n';
    }
    context.out.flush();
    return ExitCode::Ok;
}

} // namespace Ebb
