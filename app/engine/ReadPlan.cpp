#include "ReadPlan.h"

#include "models/CursorValue.h"

#include <QCryptographicHash>

namespace Ebb {

Result<ReadPlan> ReadPlan::make(const SyncSpec& sync, const RunOptions& options, const QList<Column>& columns,
                                quint64 mappingFingerprint, const Journal& journal)
{
    ReadPlan plan;
    plan.m_sync = sync;
    if (sync.cursorColumn.isEmpty())
        return plan;
    const Column* cursor = nullptr;
    for (const Column& c : columns) {
        if (c.name.compare(sync.cursorColumn, Qt::CaseInsensitive) == 0)
            cursor = &c;
    }
    if (!cursor)
        return Error::config(QStringLiteral("syncs/%1.json: $.source.cursor: no column \"%2\" in the query's result").arg(sync.id, sync.cursorColumn));
    if (!WarehouseConnector::cursorTypeAllowed(cursor->type))
        return Error::config(QStringLiteral("syncs/%1.json: $.source.cursor: column \"%2\" is %3; a cursor must be an integer, number, text, date or timestamp")
                                 .arg(sync.id, cursor->name, valueTypeName(cursor->type)));
    plan.m_cursorType = cursor->type;

    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& part : {sync.query, sync.primaryKey, sync.cursorColumn, QString::number(mappingFingerprint),
                                sync.destinationConnection, sync.object, sync.mode, valueTypeName(cursor->type)}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    plan.m_fingerprint = QString::fromLatin1(hash.result().toHex());

    if (options.full)
        return plan;
    auto saved = journal.cursor(sync.id);
    if (!saved)
        return saved.error();
    if (*saved && (*saved)->fingerprint == plan.m_fingerprint) {
        if (const auto since = CursorValue::decode((*saved)->value, cursor->type))
            plan.m_since = *since;
    }
    return plan;
}

QString ReadPlan::describe() const
{
    if (m_sync.cursorColumn.isEmpty())
        return QStringLiteral("reading the whole query");
    if (!incremental())
        return QStringLiteral("reading the whole query (no saved position for cursor %1 fits this sync)").arg(m_sync.cursorColumn);
    return QStringLiteral("reading rows with %1 at or past %2").arg(m_sync.cursorColumn, CursorValue::encode(m_since, m_cursorType));
}

Result<std::unique_ptr<RowCursor>> ReadPlan::open(WarehouseConnector& warehouse) const
{
    if (incremental())
        return warehouse.openChangedSince(m_sync.query, m_sync.primaryKey, m_sync.cursorColumn, m_since);
    return warehouse.openOrderedByKey(m_sync.query, m_sync.primaryKey);
}

Result<void> ReadPlan::save(Journal& journal, const QVariant& next) const
{
    if (m_sync.cursorColumn.isEmpty() || !next.isValid())
        return {};
    return journal.setCursor(m_sync.id, Journal::Cursor{m_fingerprint, CursorValue::encode(next, m_cursorType)});
}

} // namespace Ebb
