#include "ReadPlan.h"

#include "models/ReadPosition.h"

#include <QCryptographicHash>

namespace Ebb {

namespace {

QVariant lookBack(const QVariant& since, ValueType type, qint64 seconds)
{
    if (seconds <= 0)
        return since;
    if (type == ValueType::Date)
        return since.toDate().addDays(-((seconds + 86399) / 86400));
    return since.toDateTime().addSecs(-std::min<qint64>(seconds, 1000LL * 366 * 86400));
}

} // namespace

Result<ReadPlan> ReadPlan::make(const SyncSpec& sync, const RunOptions& options, const QList<Column>& columns,
    quint64 mappingFingerprint, const Journal& journal)
{
    ReadPlan plan;
    plan.m_sync = sync;
    plan.m_columns = columns;
    if (sync.cursorColumn.isEmpty())
        return plan;
    auto cursor = WarehouseConnector::cursorColumn(columns, sync.cursorColumn);
    if (!cursor)
        return Error::config(QStringLiteral("syncs/%1.json: %2").arg(sync.id, cursor.error().message));
    plan.m_cursorType = cursor->type;

    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& part : {sync.query, sync.primaryKey, sync.cursorColumn, QString::number(mappingFingerprint),
             sync.destinationConnection, sync.object, syncModeName(sync.mode), valueTypeName(cursor->type)}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    plan.m_fingerprint = QString::fromLatin1(hash.result().toHex());

    if (options.full)
        return plan;
    auto saved = journal.cursor(sync.id);
    if (!saved)
        return saved.error();
    if (sync.cursorLookbackSeconds > 0 && cursor->type != ValueType::Timestamp && cursor->type != ValueType::Date)
        return Error::config(QStringLiteral(
            "syncs/%1.json: $.source.cursorLookback: column \"%2\" is %3; a look-back needs a date or timestamp cursor")
                                 .arg(sync.id, cursor->name, valueTypeName(cursor->type)));
    if (*saved && (*saved)->fingerprint == plan.m_fingerprint) {
        if (const auto since = ReadPosition::decode((*saved)->value, cursor->type))
            plan.m_since = lookBack(*since, cursor->type, sync.cursorLookbackSeconds);
    }
    return plan;
}

QString ReadPlan::describe() const
{
    if (m_sync.cursorColumn.isEmpty())
        return QStringLiteral("reading the whole query");
    if (!incremental())
        return QStringLiteral("reading the whole query (no saved position for cursor %1 fits this sync)")
            .arg(m_sync.cursorColumn);
    QString text = QStringLiteral("reading rows with %1 at or past %2%3")
                       .arg(m_sync.cursorColumn, ReadPosition::encode(m_since, m_cursorType),
                           m_sync.cursorLookbackSeconds > 0
                               ? QStringLiteral(" (a look-back of %1 s included)").arg(m_sync.cursorLookbackSeconds)
                               : QString());
    if (m_uniqueKeyIndex.isEmpty())
        return text + QStringLiteral(", and every row sharing a key with one of them");
    return text + QStringLiteral(" (unique index %1 keeps key %2 unique)").arg(m_uniqueKeyIndex, m_sync.primaryKey);
}

void ReadPlan::proveUniqueKey(WarehouseConnector& warehouse)
{
    if (!incremental())
        return;
    // A unique index proves keys distinct as the warehouse compares them; the journal tells
    // them apart as finely (KeyCodec keeps timestamps to the microsecond, floats and numerics
    // by value, bytes as bytes).
    if (columnIndex(m_columns, m_sync.primaryKey) < 0)
        return;
    m_uniqueKeyIndex = warehouse.uniqueKeyIndex(m_sync.query, m_sync.primaryKey);
}

Result<std::unique_ptr<RowStream>> ReadPlan::open(WarehouseConnector& warehouse) const
{
    if (incremental())
        return warehouse.openChangedSince(
            m_sync.query, m_columns, m_sync.primaryKey, m_sync.cursorColumn, m_since, !m_uniqueKeyIndex.isEmpty());
    return warehouse.openOrderedByKey(m_sync.query, m_columns, m_sync.primaryKey);
}

Result<void> ReadPlan::save(Journal& journal, const QVariant& next) const
{
    if (m_sync.cursorColumn.isEmpty() || !next.isValid())
        return {};
    return journal.setCursor(m_sync.id, Journal::Cursor{m_fingerprint, ReadPosition::encode(next, m_cursorType)});
}

} // namespace Ebb
