#include "DiffStage.h"

#include "Guards.h"
#include "models/ReadPosition.h"
#include "models/mapping/RowHash.h"
#include "models/mapping/StoredHash.h"
#include "models/mapping/ValueText.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

DiffStage::DiffStage(Settings settings, const Mapper& mapper, const PayloadValidator& validator, const Journal* journal,
    std::unique_ptr<Journal::RecordStream> records, ChangeSink changes, RejectSink rejects)
    : m_settings(std::move(settings))
    , m_mapper(mapper)
    , m_validator(validator)
    , m_journal(journal)
    , m_records(std::move(records))
    , m_changes(std::move(changes))
    , m_rejects(std::move(rejects))
{
    if (m_records)
        m_record = m_records->next();
}

Result<void> DiffStage::findColumns(const RowBatch& batch)
{
    const auto find = [&](const QString& name) { return columnIndex(batch.columns(), name); };
    if (m_keyField.isEmpty() && m_mapper.keyColumn() >= 0 && m_mapper.keyColumn() < batch.columnCount())
        m_keyField = batch.columns()[m_mapper.keyColumn()].name;
    if (m_freshnessColumn < 0 && !m_settings.freshnessColumn.isEmpty()) {
        m_freshnessColumn = find(m_settings.freshnessColumn);
        if (m_freshnessColumn < 0)
            return Error::config(QStringLiteral("$.guards.freshness.column: no column \"%1\" in the query's result")
                                     .arg(m_settings.freshnessColumn));
    }
    if (m_cursorColumn < 0 && !m_settings.cursorColumn.isEmpty()) {
        m_cursorColumn = find(m_settings.cursorColumn);
        if (m_cursorColumn < 0)
            return Error::config(
                QStringLiteral("$.source.cursor: no column \"%1\" in the query's result").arg(m_settings.cursorColumn));
        m_cursorType = batch.columns()[m_cursorColumn].type;
    }
    return {};
}

QVariant DiffStage::nextCursor() const
{
    if (m_cursorHold.isValid()
        && (!m_cursorMax.isValid() || ReadPosition::less(m_cursorHold, m_cursorMax, m_cursorType)))
        return m_cursorHold;
    return m_cursorMax;
}

Result<std::optional<Journal::Record>> DiffStage::knownRecord()
{
    if (!m_groupKey)
        return std::optional<Journal::Record>();
    if (m_settings.incremental)
        return m_journal ? m_journal->record(m_settings.sync, *m_groupKey) : std::optional<Journal::Record>();
    std::optional<Journal::Record> known;
    if (m_record && m_record->key == *m_groupKey) {
        known = m_record;
        m_record = m_records->next();
    }
    return known;
}

Result<void> DiffStage::consume(const RowBatch& batch)
{
    if (auto found = findColumns(batch); !found)
        return found;
    for (int r = 0; r < batch.rowCount(); ++r) {
        if (!m_settings.onlyKey.isNull()) {
            const std::optional<QByteArray> key = m_mapper.keyBytes(batch, r);
            if (!key || KeyCodec::text(*key) != m_settings.onlyKey)
                continue;
        }
        ++m_counts.queried;
        if (m_cursorColumn >= 0) {
            const QVariant& v = batch.at(r, m_cursorColumn);
            if (v.isValid() && (!m_cursorMax.isValid() || ReadPosition::less(m_cursorMax, v, m_cursorType)))
                m_cursorMax = v;
        }
        if (m_freshnessColumn >= 0) {
            const auto t = Guards::instant(batch.at(r, m_freshnessColumn));
            if (t && (!m_freshest || *t > *m_freshest))
                m_freshest = t;
        }
        const std::optional<QByteArray> key = m_mapper.keyBytes(batch, r);
        if (key && m_settings.stateKnownColumn >= 0) {
            const QVariant& known = batch.at(r, m_settings.stateKnownColumn);
            if (known.isValid() && !known.isNull() && !known.toBool())
                ++m_newToState;
        }
        if (!m_hasGroup || key != m_groupKey) {
            if (m_hasGroup) {
                if (auto flushed = flushGroup(); !flushed)
                    return flushed;
            }
            // The merge needs byte order; a warehouse that sorts otherwise must not go unnoticed.
            if (key && m_previousKey && *key < *m_previousKey)
                return Error::database(
                    QStringLiteral("the warehouse returned keys out of order (\"%1\" after \"%2\"); "
                                   "the primary key must sort %3")
                        .arg(KeyCodec::text(*key), KeyCodec::text(*m_previousKey),
                            m_mapper.keyOrder() == KeyCodec::Order::Text
                                ? QStringLiteral("by the bytes of its text")
                                : QStringLiteral("by its %1 value").arg(KeyCodec::orderName(m_mapper.keyOrder()))));
            if (key)
                m_previousKey = key;
            m_hasGroup = true;
            m_groupKey = key;
            m_group.clear();
        }
        PendingRow row;
        row.borrowed = &batch.at(r, 0); // read in place while this batch lives
        m_columnCount = batch.columnCount();
        row.sourceHash = m_settings.sourceHashColumn >= 0
            ? quint64(batch.at(r, m_settings.sourceHashColumn).toLongLong())
            : rowHash(row.borrowed, batch.columnCount(), m_mapper.fingerprint());
        m_group.append(std::move(row));
    }
    // The open group may continue in the next batch, and this one is about to go: keep
    // copies of its cells. Only the last group of a batch pays for this.
    for (PendingRow& row : m_group) {
        if (row.borrowed) {
            row.cells = QVariantList(row.borrowed, row.borrowed + batch.columnCount());
            row.borrowed = nullptr;
        }
    }
    return {};
}

void DiffStage::holdCursor(const PendingRow& row)
{
    // Nothing about this row changes when the other row of its key goes away: the next run
    // must read it again.
    if (m_cursorColumn < 0)
        return;
    const QVariant& v = row.borrowed ? row.borrowed[m_cursorColumn] : row.cells.at(m_cursorColumn);
    if (v.isValid() && (!m_cursorHold.isValid() || ReadPosition::less(v, m_cursorHold, m_cursorType)))
        m_cursorHold = v;
}

void DiffStage::mapRow(PendingRow& row) const
{
    Reject failed;
    if (m_mapper.map(row.borrowed ? row.borrowed : row.cells.constData(), row.payload, failed)) {
        row.mapped = true;
        row.problems = m_validator.check(row.payload);
        if (m_settings.matchValueRequired && isNull(row.payload.value(m_settings.matchField))) {
            Reject problem;
            problem.field = m_settings.matchField;
            problem.rule = RejectRule::NullMatch;
            problem.message
                = QStringLiteral("\"%1\" is NULL, and the destination finds records by it").arg(m_settings.matchField);
            row.problems << problem;
        }
        row.valid = row.problems.isEmpty();
    } else {
        row.problems << failed;
    }
}

void DiffStage::withJson(PendingRow& row)
{
    if (!row.mapped || !row.json.isNull())
        return;
    row.json = row.payload.toJson();
    row.hash = PayloadJson::hash(row.json);
}

Result<void> DiffStage::emitRemovedBefore(const std::optional<QByteArray>& key)
{
    if (m_settings.incremental)
        return {}; // an incremental read does not see the keys it skipped
    // Journal records whose key sorts before `key` (or all, for nullopt) left the query.
    while (m_record && (!key || m_record->key < *key)) {
        if (!m_settings.removalsElsewhere) {
            if (auto removed = emitRemoval(m_record->key); !removed)
                return removed;
        }
        m_record = m_records->next();
    }
    return {};
}

Result<bool> DiffStage::removeKey(const QByteArray& key)
{
    if (!m_journal)
        return false;
    auto known = m_journal->record(m_settings.sync, key);
    if (!known)
        return known.error();
    if (!*known)
        return false;
    if (auto removed = emitRemoval(key); !removed)
        return removed.error();
    return true;
}

Result<void> DiffStage::emitRemoval(const QByteArray& key)
{
    ++m_counts.removed;
    Change change;
    change.record.key = key;
    if (m_settings.mode != SyncMode::Mirror) {
        // Nothing is deleted; the journal forgets the key, so it counts as removed once.
        change.kind = Change::Kind::Forgotten;
        return m_changes(std::move(change));
    }
    change.kind = Change::Kind::Removed;
    change.record.operation = OutgoingRecord::Operation::Delete;
    change.record.matchValue = KeyCodec::text(key);
    if (m_journal && !m_settings.matchField.isEmpty()) {
        // The destination matches on a mapped field: use what was last sent for it.
        auto last = m_journal->lastPayload(m_settings.sync, key);
        if (last && !last->isEmpty())
            change.record.matchValue = QJsonDocument::fromJson(*last).object().value(m_settings.matchField).toVariant();
    }
    return m_changes(std::move(change));
}

bool DiffStage::sameSource(quint64 stored, const PendingRow& row) const
{
    if (m_settings.sourceHashColumn >= 0) // the warehouse's own hash, kept as it gave it
        return stored == row.sourceHash;
    return StoredHash::matches(stored, row.sourceHash, [&] {
        return legacyRowHash(
            row.borrowed ? row.borrowed : row.cells.constData(), m_columnCount, m_mapper.fingerprint());
    });
}

void DiffStage::countUnchanged(const PendingRow& row)
{
    ++m_counts.unchanged;
    if (m_unchanged && m_groupKey)
        m_unchanged(*m_groupKey, row.sourceHash);
}

std::optional<QStringList> DiffStage::changedFields(const QByteArray& json) const
{
    if (!m_settings.partialUpdates || !m_journal || !m_groupKey)
        return std::nullopt;
    auto last = m_journal->lastPayload(m_settings.sync, *m_groupKey);
    if (!last || last->isEmpty())
        return std::nullopt;
    const QJsonObject before = QJsonDocument::fromJson(*last).object();
    const QJsonObject after = QJsonDocument::fromJson(json).object();
    QStringList changed;
    // Only the fields the record carries: one whose NULL is skipped is not part of it, and
    // the destination keeps what it had.
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (before.value(it.key()) != it.value())
            changed << it.key();
    }
    // A new match value names another record at the destination (or none yet): the record
    // goes whole, or a create would lack what the destination requires.
    if (!m_settings.matchField.isEmpty() && changed.contains(m_settings.matchField))
        return std::nullopt;
    return changed;
}

Result<void> DiffStage::emitChange(Change::Kind kind, PendingRow& row, QStringList changed)
{
    Change change;
    change.kind = kind;
    change.hash = row.hash;
    change.sourceHash = row.sourceHash;
    OutgoingRecord& record = change.record;
    record.key = *m_groupKey;
    if (!m_settings.matchField.isEmpty())
        record.matchValue = row.payload.value(m_settings.matchField);
    switch (m_settings.mode) {
    case SyncMode::Insert:
        record.operation = OutgoingRecord::Operation::Insert;
        break;
    case SyncMode::Update:
        record.operation = OutgoingRecord::Operation::Update;
        break;
    case SyncMode::Upsert:
    case SyncMode::Mirror:
        record.operation = OutgoingRecord::Operation::Upsert;
        break;
    }
    record.changed = std::move(changed);
    record.payload = std::move(row.payload);
    record.json = std::move(row.json);
    return m_changes(std::move(change));
}

Result<void> DiffStage::flushGroup()
{
    if (auto removed = emitRemovedBefore(m_groupKey ? m_groupKey : std::optional<QByteArray>(QByteArray())); !removed)
        return removed;
    // The journal's record for this key, if any.
    auto found = knownRecord();
    if (!found)
        return found.error();
    const std::optional<Journal::Record> known = std::move(*found);
    // Only rejects show the key as text; most groups never need it.
    const auto keyText = [&] { return m_groupKey ? KeyCodec::text(*m_groupKey) : QString(); };
    const auto reject = [&](Reject problem, PendingRow& row) {
        problem.key = keyText();
        withJson(row);
        problem.payload = row.json;
        return m_rejects(std::move(problem));
    };

    if (!m_groupKey || m_group.size() > 1) {
        // A NULL key cannot be matched; a duplicated key cannot say which row is right.
        for (PendingRow& row : m_group) {
            mapRow(row); // for the payload the reject shows
            ++m_counts.rejected;
            Reject problem;
            problem.field = m_keyField;
            if (!m_groupKey) {
                problem.rule = RejectRule::NullKey;
                problem.message = QStringLiteral("the primary key is NULL");
            } else {
                holdCursor(row);
                problem.rule = RejectRule::DuplicateKey;
                problem.message = QStringLiteral("%1 rows share the primary key \"%2\"; none of them is sent")
                                      .arg(m_group.size())
                                      .arg(keyText());
                problem.value = keyText();
            }
            if (auto r = reject(problem, row); !r)
                return r;
        }
        return {};
    }
    PendingRow& row = m_group.first();
    // Same source row, same mapping, acknowledged last time: unchanged, nothing to map.
    if (known && !m_settings.full && known->status == Journal::Status::Synced && sameSource(known->sourceHash, row)
        && m_settings.mode != SyncMode::Insert) {
        countUnchanged(row);
        return {};
    }
    mapRow(row);
    if (!row.valid) {
        ++m_counts.rejected;
        for (const Reject& problem : row.problems) {
            if (auto r = reject(problem, row); !r)
                return r;
        }
        return {};
    }
    if (!known) {
        ++m_counts.added;
        if (!m_settings.jsonOnWriter)
            withJson(row);
        return emitChange(Change::Kind::Added, row);
    }
    withJson(row);
    if (m_settings.mode == SyncMode::Insert) {
        if (known->status == Journal::Status::Synced) {
            countUnchanged(row); // insert mode sends new keys only
            return {};
        }
        // Never acknowledged: still new to the destination, so it is sent again.
        ++m_counts.added;
        return emitChange(Change::Kind::Added, row);
    }
    if (!m_settings.full && known->status == Journal::Status::Synced
        && StoredHash::matches(known->hash, row.hash, [&] { return PayloadJson::legacyHash(row.json); })) {
        countUnchanged(row);
        return {};
    }
    // A record that differs from what was sent only by fields whose NULL is skipped has
    // nothing to send: the destination keeps their values. (The journal keeps the record as
    // sent, so the next run finds the same; nothing is sent again and again.)
    // Which fields changed is worth a journal lookup only where it is used: an update, an
    // upsert to a destination that sends only those, or a record that skips a NULL.
    const bool fieldsUsed = m_settings.mode == SyncMode::Update || m_settings.partialUpserts;
    std::optional<QStringList> changed = fieldsUsed || row.payload.hasSkipped()
        ? changedFields(row.json) // one journal lookup for both
        : std::nullopt;
    if (!m_settings.full && known->status == Journal::Status::Synced && row.payload.hasSkipped() && changed
        && changed->isEmpty()) {
        countUnchanged(row);
        return {};
    }
    ++m_counts.changed;
    return emitChange(Change::Kind::Changed, row, changed.value_or(QStringList()));
}

Result<void> DiffStage::finish()
{
    if (m_hasGroup) {
        if (auto flushed = flushGroup(); !flushed)
            return flushed;
        m_hasGroup = false;
    }
    return emitRemovedBefore(std::nullopt);
}

} // namespace Ebb
