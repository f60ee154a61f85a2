#include "PgStagedMerge.h"

#include "PgCopyBinary.h"
#include "PgParameter.h"
#include "connectors/SqlText.h"
#include "connectors/warehouse/postgres/PgConnection.h"
#include "connectors/warehouse/postgres/PgCopyText.h"
#include "models/IsoTime.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/ValueText.h"

#include <QSet>
#include <libpq-fe.h>

namespace Ebb {

using SqlText::quoteIdentifier;

namespace {

const QString stageName = QStringLiteral("ebb_stage");

// A cell of COPY's text format: the value as pgParameter() says it, written straight into
// the buffer for the kinds most cells are (a run writes millions: no temporary per cell).
void appendCell(QByteArray& out, const QVariant& value, const FieldSchema* field)
{
    switch (value.typeId()) {
    case QMetaType::LongLong:
        out += QByteArray::number(value.toLongLong());
        return;
    case QMetaType::Int:
        out += QByteArray::number(value.toInt());
        return;
    case QMetaType::QDateTime:
        if (value.toDateTime().isValid()) {
            IsoTime::appendTimestamp(out, value.toDateTime().toMSecsSinceEpoch());
            return;
        }
        break;
    case QMetaType::QString:
        if (!value.toString().isEmpty() || !field || field->isTextLike()) {
            const QByteArray utf8 = value.toString().toUtf8();
            appendCopyText(out, utf8.constData(), utf8.size());
            return;
        }
        break;
    default:
        if (value.metaType() == QMetaType::fromType<Decimal>()) {
            out += value.value<Decimal>().text.toLatin1();
            return;
        }
        break;
    }
    const std::optional<QByteArray> text = pgParameter(value, field);
    if (!text) {
        out += "\\N";
        return;
    }
    appendCopyText(out, text->constData(), text->size());
}

void appendMatchCell(QByteArray& out, const std::optional<QByteArray>& value)
{
    if (value)
        appendCopyText(out, value->constData(), value->size());
    else
        out += "\\N";
}

QString serverWords(const pg_result* result, const pg_conn* connection)
{
    const PgServerError e = serverError(result, connection);
    return e.detail.isEmpty()
        ? e.message
        : e.message + QStringLiteral(" (") + e.detail.section(QLatin1Char('\n'), 0, 0) + QLatin1Char(')');
}

} // namespace

PgStagedMerge::PgStagedMerge(Table table)
    : m_table(std::move(table))
    , m_qualified(quoteIdentifier(m_table.schemaName) + QLatin1Char('.') + quoteIdentifier(m_table.name))
{
}

std::optional<QString> PgStagedMerge::exec(pg_conn* connection, const QString& sql)
{
    PgResultPtr result(PQexec(connection, sql.toUtf8().constData()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return serverWords(result.get(), connection);
    return std::nullopt;
}

std::optional<QString> PgStagedMerge::createStage(pg_conn* connection)
{
    // Every column of the table with its type (no constraints: a partial row leaves columns
    // empty), plus the record's place in the group and which fields an update writes.
    if (auto failed = exec(connection,
            QStringLiteral("CREATE TEMPORARY TABLE IF NOT EXISTS %1 AS SELECT NULL::integer AS ebb_ord,"
                           " NULL::boolean[] AS ebb_write, ebb_target.* FROM %2 AS ebb_target WITH NO DATA")
                .arg(stageName, m_qualified)))
        return failed;
    m_staged = true;
    return readKinds(connection);
}

std::optional<QString> PgStagedMerge::readKinds(pg_conn* connection)
{
    // Each column's receive function (its base type's, for a domain), for the binary format.
    const QByteArray table = m_qualified.toUtf8();
    const char* params[] = {table.constData()};
    PgResultPtr result(PQexecParams(connection,
        "SELECT a.attname, (CASE WHEN t.typtype = 'd' AND b.typtype <> 'd' THEN b.typreceive"
        " WHEN t.typtype = 'd' THEN 0 ELSE t.typreceive END)::regproc::text"
        " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type b ON b.oid = t.typbasetype"
        " WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped",
        1, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        return serverWords(result.get(), connection);
    m_kinds.clear();
    for (int r = 0; r < PQntuples(result.get()); ++r)
        m_kinds.insert(QString::fromUtf8(PQgetvalue(result.get(), r, 0)),
            PgCopyBinary::kindOf(QByteArray(PQgetvalue(result.get(), r, 1))));
    return std::nullopt;
}

namespace {

// Each column's index in the payload (-1: it has none), worked out again only when a record's
// fields are not the last record's (each record of a run is mapped alike).
class ColumnIndex
{
public:
    explicit ColumnIndex(const QStringList& columns)
        : m_columns(columns)
    {
    }
    const QList<int>& of(const OutgoingRecord& record) const
    {
        if (&record.payload.fields() != m_fields) {
            m_fields = &record.payload.fields();
            m_at.clear();
            for (const QString& c : m_columns)
                m_at << int(m_fields->indexOf(c));
        }
        return m_at;
    }

private:
    const QStringList& m_columns;
    mutable const QStringList* m_fields = nullptr;
    mutable QList<int> m_at;
};

const QList<int>& noColumns() // a delete's: its only column is the match
{
    static const QList<int> none;
    return none;
}

// For an update, which of the fields after the match it writes.
QList<bool> writtenFields(const OutgoingRecord& record, const QStringList& columns, const QList<int>& at)
{
    QList<bool> written;
    for (int i = 1; i < columns.size(); ++i) {
        const bool skipped = at[i] >= 0 && record.payload.isSkipped(at[i]);
        written << (!skipped && (record.changed.isEmpty() || record.changed.contains(columns[i])));
    }
    return written;
}

} // namespace

struct PgStagedMerge::Encoding
{
    const QStringList& columns;
    QList<const FieldSchema*> rules;
    QList<PgCopyBinary::Kind> kinds;
    ColumnIndex index;
    bool byMatch; // an update or delete: the first column is the match value
};

bool PgStagedMerge::appendBinaryRow(const OutgoingRecord& record, int ordinal, const Encoding& e)
{
    const OutgoingRecord::Operation operation = record.operation;
    const QList<int>& at = operation == OutgoingRecord::Operation::Delete ? noColumns() : e.index.of(record);
    const qsizetype rowStart = m_buffer.size();
    PgCopyBinary::appendRowStart(m_buffer, int(e.columns.size()) + 2);
    PgCopyBinary::appendInt4(m_buffer, ordinal);
    if (operation == OutgoingRecord::Operation::Update)
        PgCopyBinary::appendBoolArray(m_buffer, writtenFields(record, e.columns, at));
    else
        PgCopyBinary::appendNull(m_buffer);
    for (int i = 0; i < e.columns.size(); ++i) {
        const QVariant* value = nullptr;
        if (e.byMatch && i == 0)
            value = &record.matchValue;
        else if (at[i] >= 0)
            value = &record.payload.value(at[i]);
        if (!value || isNull(*value)) {
            PgCopyBinary::appendNull(m_buffer);
        } else if (!PgCopyBinary::appendValue(m_buffer, *value, e.kinds[i], e.rules[i])) {
            m_buffer.resize(rowStart);
            return false;
        }
    }
    return true;
}

void PgStagedMerge::appendTextRow(const OutgoingRecord& record, int ordinal, const Encoding& e)
{
    const OutgoingRecord::Operation operation = record.operation;
    const QList<int>& at = operation == OutgoingRecord::Operation::Delete ? noColumns() : e.index.of(record);
    m_buffer += QByteArray::number(ordinal);
    m_buffer += '\t';
    if (operation == OutgoingRecord::Operation::Update) {
        m_buffer += '{';
        for (const bool write : writtenFields(record, e.columns, at))
            m_buffer += write ? "t," : "f,";
        if (m_buffer.endsWith(','))
            m_buffer.chop(1);
        m_buffer += '}';
    } else {
        m_buffer += "\\N";
    }
    for (int i = 0; i < e.columns.size(); ++i) {
        m_buffer += '\t';
        if (e.byMatch && i == 0)
            appendMatchCell(m_buffer, pgParameter(record.matchValue, e.rules[i]));
        else if (at[i] < 0 || isNull(record.payload.value(at[i])))
            m_buffer += "\\N";
        else
            appendCell(m_buffer, record.payload.value(at[i]), e.rules[i]);
    }
    m_buffer += '\n';
}

PgStagedMerge::Streamed PgStagedMerge::stream(
    pg_conn* connection, const QList<OutgoingRecord>& records, const Encoding& e, bool binary)
{
    QStringList quoted{QStringLiteral("ebb_ord"), QStringLiteral("ebb_write")};
    for (const QString& c : e.columns)
        quoted << quoteIdentifier(c);
    PgResultPtr started(PQexec(connection,
        QStringLiteral("COPY %1 (%2) FROM STDIN%3")
            .arg(stageName, quoted.join(QLatin1Char(',')), binary ? QStringLiteral(" WITH (FORMAT binary)") : QString())
            .toUtf8()
            .constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        return serverWords(started.get(), connection);
    // Sent as it is made, a quarter MiB at a time: the server reads one part while the next is made.
    m_buffer.resize(0); // keeps its block from group to group
    if (binary)
        PgCopyBinary::appendHeader(m_buffer);
    bool sent = true;
    bool refused = false; // a value the binary format does not take
    for (int r = 0; r < records.size() && sent && !refused; ++r) {
        if (binary)
            refused = !appendBinaryRow(records[r], r, e);
        else
            appendTextRow(records[r], r, e);
        const bool last = r + 1 == records.size();
        if (binary && last && !refused)
            PgCopyBinary::appendTrailer(m_buffer);
        if (!refused && (m_buffer.size() >= (1 << 18) || last)) {
            sent = PQputCopyData(connection, m_buffer.constData(), int(m_buffer.size())) == 1;
            m_buffer.resize(0);
        }
    }
    PgResultPtr failed = endCopyIn(connection, sent && !refused);
    if (refused)
        return Refused{};
    if (failed)
        return serverWords(failed.get(), connection);
    return Sent{};
}

std::optional<QString> PgStagedMerge::copyIn(
    pg_conn* connection, const QList<OutgoingRecord>& records, const QStringList& columns, const TableRules& rules)
{
    const OutgoingRecord::Operation operation = records.first().operation;
    Encoding e{columns, {}, {}, ColumnIndex(columns),
        operation == OutgoingRecord::Operation::Update || operation == OutgoingRecord::Operation::Delete};
    bool binary = !m_textOnly;
    for (const QString& c : columns) {
        e.rules << rules.field(c);
        e.kinds << m_kinds.value(c, PgCopyBinary::Kind::None);
        binary = binary && e.kinds.last() != PgCopyBinary::Kind::None;
    }
    if (binary) {
        // Nothing for the server to parse; a value it does not take (a text in a number column:
        // the server reads that in its own way) ends the COPY under a savepoint of its own, and
        // the group, and the run's groups after it, go in text.
        if (auto failure = exec(connection, QStringLiteral("SAVEPOINT ebb_copy")))
            return failure;
        const Streamed streamed = stream(connection, records, e, true);
        if (const QString* words = std::get_if<QString>(&streamed))
            return *words; // the caller's savepoint goes back, and this one with it
        if (!std::holds_alternative<Refused>(streamed)) {
            ++m_binaryGroups;
            return exec(connection, QStringLiteral("RELEASE SAVEPOINT ebb_copy"));
        }
        m_textOnly = true;
        if (auto failure = exec(connection, QStringLiteral("ROLLBACK TO SAVEPOINT ebb_copy")))
            return failure;
        if (auto failure = exec(connection, QStringLiteral("RELEASE SAVEPOINT ebb_copy")))
            return failure;
    }
    const Streamed text = stream(connection, records, e, false);
    if (const QString* words = std::get_if<QString>(&text))
        return *words;
    return std::nullopt;
}

QString PgStagedMerge::statement(OutgoingRecord::Operation operation, const QStringList& fields) const
{
    const QString match = quoteIdentifier(m_table.matchField);
    QStringList columns;
    for (const QString& f : fields)
        columns << quoteIdentifier(f);
    switch (operation) {
    case OutgoingRecord::Operation::Delete:
        return QStringLiteral("DELETE FROM %1 AS ebb_target USING %2 s WHERE ebb_target.%3 = s.%3 RETURNING s.ebb_ord")
            .arg(m_qualified, stageName, match);
    case OutgoingRecord::Operation::Update: {
        QStringList sets;
        for (int i = 1; i < columns.size(); ++i) // columns[0] is the match: it finds the row
            sets << QStringLiteral("%1 = CASE WHEN s.ebb_write[%2] THEN s.%1 ELSE ebb_target.%1 END")
                        .arg(columns[i])
                        .arg(i);
        return QStringLiteral("UPDATE %1 AS ebb_target SET %2 FROM %3 s WHERE ebb_target.%4 = s.%4 RETURNING s.ebb_ord")
            .arg(m_qualified, sets.join(QLatin1String(", ")), stageName, match);
    }
    case OutgoingRecord::Operation::Insert:
    case OutgoingRecord::Operation::Upsert:
        break;
    }
    const QString list = columns.join(QLatin1Char(','));
    QString sql
        = QStringLiteral("INSERT INTO %1 AS ebb_target (%2) SELECT %2 FROM %3").arg(m_qualified, list, stageName);
    if (operation == OutgoingRecord::Operation::Upsert) {
        QStringList updates;
        for (int i = 0; i < fields.size(); ++i) {
            if (fields[i] != m_table.matchField)
                updates << (m_table.keepOnNull.contains(fields[i])
                        ? QStringLiteral("%1 = COALESCE(EXCLUDED.%1, ebb_target.%1)").arg(columns[i])
                        : QStringLiteral("%1 = EXCLUDED.%1").arg(columns[i]));
        }
        sql += QStringLiteral(" ON CONFLICT (%1) DO %2")
                   .arg(match,
                       updates.isEmpty() ? QStringLiteral("NOTHING")
                                         : QStringLiteral("UPDATE SET ") + updates.join(QLatin1Char(',')));
    }
    return sql;
}

std::variant<QList<RecordOutcome>, QString> PgStagedMerge::apply(
    pg_conn* connection, const QList<OutgoingRecord>& records, const QStringList& fields, const TableRules& rules)
{
    const OutgoingRecord::Operation operation = records.first().operation;
    QStringList columns; // the stage's columns this group fills, the match first where it finds rows
    if (operation == OutgoingRecord::Operation::Insert || operation == OutgoingRecord::Operation::Upsert) {
        columns = fields;
    } else {
        columns << m_table.matchField;
        if (operation == OutgoingRecord::Operation::Update) {
            for (const QString& f : fields) {
                if (f != m_table.matchField)
                    columns << f;
            }
            if (columns.size() == 1) // nothing it may write: as a record sent alone, nothing to change
                return QList<RecordOutcome>(records.size(), RecordOutcome{true, {}});
        }
    }
    // Whatever failed, the caller's savepoint goes back, and with it a stage made in it; a
    // stage that vanished (a pooler handing over another server connection) is made again.
    const auto failed = [&](const QString& words) -> std::variant<QList<RecordOutcome>, QString> {
        m_staged = false;
        return words;
    };
    if (!m_staged) {
        if (auto failure = createStage(connection)) {
            m_refused = *failure; // no temporary tables for this role: the caller writes without
            return failed(*failure);
        }
    }
    if (auto failure = exec(connection, QStringLiteral("TRUNCATE %1").arg(stageName)))
        return failed(*failure);
    if (auto failure = copyIn(connection, records, columns, rules))
        return failed(*failure);

    PgResultPtr result(PQexec(connection, statement(operation, columns).toUtf8().constData()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return failed(serverWords(result.get(), connection));
    QList<RecordOutcome> outcomes(records.size(), RecordOutcome{true, {}});
    if (status == PGRES_TUPLES_OK) { // RETURNING: the records that found their row
        QList<bool> touched(records.size(), false);
        for (int i = 0; i < PQntuples(result.get()); ++i) {
            const int ord = QByteArray(PQgetvalue(result.get(), i, 0)).toInt();
            if (ord >= 0 && ord < records.size())
                touched[ord] = true;
        }
        for (int i = 0; i < records.size(); ++i) {
            if (!touched[i])
                outcomes[i] = RecordOutcome{false,
                    QStringLiteral("no record with %1 = %2").arg(m_table.matchField, valueText(records[i].matchValue))};
        }
    }
    return outcomes;
}

} // namespace Ebb
