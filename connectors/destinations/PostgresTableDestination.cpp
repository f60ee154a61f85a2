#include "PostgresTableDestination.h"

#include "PgParameter.h"
#include "connectors/SqlText.h"
#include "models/mapping/ValueText.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <libpq-fe.h>
#include <vector>

namespace Ebb {

using SqlText::quoteIdentifier;

namespace {

FieldSchema::Type fieldType(const QString& dataType, const QString& domain)
{
    if (domain.compare(QLatin1String("email"), Qt::CaseInsensitive) == 0)
        return FieldSchema::Type::Email;
    if (dataType == QLatin1String("integer") || dataType == QLatin1String("bigint")
        || dataType == QLatin1String("smallint"))
        return FieldSchema::Type::Integer;
    if (dataType == QLatin1String("numeric") || dataType == QLatin1String("real")
        || dataType == QLatin1String("double precision"))
        return FieldSchema::Type::Number;
    if (dataType == QLatin1String("boolean"))
        return FieldSchema::Type::Bool;
    if (dataType == QLatin1String("date"))
        return FieldSchema::Type::Date;
    if (dataType.startsWith(QLatin1String("timestamp")))
        return FieldSchema::Type::DateTime;
    if (dataType == QLatin1String("json") || dataType == QLatin1String("jsonb"))
        return FieldSchema::Type::Json;
    return FieldSchema::Type::String;
}

QString schemaOf(const QString& object)
{
    const qsizetype dot = object.indexOf(QLatin1Char('.'));
    return dot < 0 ? QStringLiteral("public") : object.left(dot);
}

QString tableOf(const QString& object)
{
    const qsizetype dot = object.indexOf(QLatin1Char('.'));
    return dot < 0 ? object : object.mid(dot + 1);
}

} // namespace

PostgresTableDestination::PostgresTableDestination(
    PgSettings settings, QString object, QString matchField, SyncMode mode, QStringList keepOnNull)
    : m_settings(std::move(settings))
    , m_matchField(std::move(matchField))
    , m_mode(mode)
    , m_keepOnNull(std::move(keepOnNull))
    , m_schemaName(schemaOf(object))
    , m_table(tableOf(object))
    , m_merge({m_schemaName, m_table, m_matchField, m_keepOnNull})
{
}

Error PostgresTableDestination::error(const QString& what) const
{
    return Error::database(QStringLiteral("table %1.%2: %3").arg(m_schemaName, m_table, what));
}

Result<void> PostgresTableDestination::connect()
{
    if (m_connection && PQstatus(m_connection->get()) == CONNECTION_OK)
        return {};
    m_connection.reset();
    m_merge.forgetStage();
    auto connection = PgConnection::connect(m_settings);
    if (!connection)
        return connection.error();
    m_connection.emplace(std::move(*connection));
    return {};
}

Result<void> PostgresTableDestination::exec(const QString& sql)
{
    PgResultPtr result(PQexec(m_connection->get(), sql.toUtf8().constData()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
        return error(serverError(result.get(), m_connection->get()).message);
    return {};
}

Result<QStringList> PostgresTableDestination::objects()
{
    if (auto connected = connect(); !connected)
        return connected.error();
    // The tables this user may write to.
    PgResultPtr tables(PQexec(m_connection->get(),
        "SELECT table_schema || '.' || table_name FROM information_schema.tables"
        " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        "   AND has_table_privilege(quote_ident(table_schema) || '.' || quote_ident(table_name), 'INSERT')"
        " ORDER BY 1"));
    if (PQresultStatus(tables.get()) != PGRES_TUPLES_OK)
        return Error::database(serverError(tables.get(), m_connection->get()).message);
    QStringList names;
    for (int i = 0; i < PQntuples(tables.get()); ++i)
        names << QString::fromUtf8(PQgetvalue(tables.get(), i, 0));
    return names;
}

Result<DestinationSchema> PostgresTableDestination::schema()
{
    if (m_described)
        return *m_described;
    if (auto connected = connect(); !connected)
        return connected.error();
    const QByteArray schemaName = m_schemaName.toUtf8(), table = m_table.toUtf8();
    const char* params[] = {schemaName.constData(), table.constData()};
    PgResultPtr columns(PQexecParams(m_connection->get(),
        "SELECT c.column_name, c.data_type, c.is_nullable = 'YES', c.column_default IS NOT NULL OR c.is_identity = "
        "'YES',"
        "       c.character_maximum_length, coalesce(c.domain_name, ''), c.udt_name,"
        "       (SELECT string_agg(e.enumlabel, E'\\x1f' ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_enum e ON "
        "e.enumtypid = t.oid"
        "         JOIN pg_namespace n ON n.oid = t.typnamespace"
        "         WHERE c.data_type = 'USER-DEFINED' AND t.typname = c.udt_name AND n.nspname = c.udt_schema),"
        "       c.identity_generation = 'ALWAYS' OR c.is_generated = 'ALWAYS',"
        "       CASE WHEN c.data_type = 'numeric' THEN c.numeric_precision END, c.numeric_scale"
        " FROM information_schema.columns c WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY "
        "c.ordinal_position",
        2, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(columns.get()) != PGRES_TUPLES_OK)
        return error(serverError(columns.get(), m_connection->get()).message);
    if (PQntuples(columns.get()) == 0)
        return Error::config(QStringLiteral("the database has no table %1.%2").arg(m_schemaName, m_table));

    DestinationSchema schema;
    schema.object = m_schemaName + QLatin1Char('.') + m_table;
    schema.maxBatchSize = 10000; // one COPY and one merge per batch: fewer, larger batches go fastest
    schema.partialUpdates = true;
    schema.partialUpserts = false; // an upsert writes the whole row
    const auto text = [&](int row, int column) { return QString::fromUtf8(PQgetvalue(columns.get(), row, column)); };
    for (int r = 0; r < PQntuples(columns.get()); ++r) {
        FieldSchema field;
        field.name = text(r, 0);
        field.type = fieldType(text(r, 1), text(r, 5));
        // GENERATED ALWAYS (identity or computed): the server refuses a value for it.
        field.readOnly = text(r, 8) == QLatin1String("t");
        field.required = text(r, 2) == QLatin1String("f") && text(r, 3) == QLatin1String("f") && !field.readOnly;
        if (!PQgetisnull(columns.get(), r, 4))
            field.maxLength = text(r, 4).toInt();
        // The integer types' ranges: past them, "value … is out of range for type integer".
        if (text(r, 1) == QLatin1String("smallint"))
            field.minimum = -32768, field.maximum = 32767;
        else if (text(r, 1) == QLatin1String("integer"))
            field.minimum = -2147483648.0, field.maximum = 2147483647.0;
        else if (text(r, 1) == QLatin1String("bigint"))
            field.minimum = -9223372036854775808.0, field.maximum = 9223372036854775807.0;
        if (!PQgetisnull(columns.get(), r, 9)) { // numeric(p, s): a larger value is "numeric field overflow"
            field.precision = text(r, 9).toInt();
            field.scale = text(r, 10).toInt();
        }
        if (!PQgetisnull(columns.get(), r, 7)) {
            field.type = FieldSchema::Type::Enum;
            field.options = text(r, 7).split(QChar(0x1f));
        }
        schema.fields << field;
    }
    // Single-column PRIMARY KEY / UNIQUE constraints and unique indexes; CHECK constraints.
    // (attname is of type name, 63 bytes: as text, or the UNION would cut the CHECKs to that.)
    const QByteArray qualified = (quoteIdentifier(m_schemaName) + QLatin1Char('.') + quoteIdentifier(m_table)).toUtf8();
    const char* tableParam[] = {qualified.constData()};
    PgResultPtr constraints(PQexecParams(m_connection->get(),
        "SELECT 'u', a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
        "i.indkey[0]"
        " WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indimmediate AND i.indnatts = 1 AND i.indpred IS NULL"
        " UNION ALL SELECT 'c', pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype "
        "= 'c'",
        1, nullptr, tableParam, nullptr, nullptr, 0));
    if (PQresultStatus(constraints.get()) != PGRES_TUPLES_OK)
        return error(serverError(constraints.get(), m_connection->get()).message);
    // As pg_get_constraintdef() prints them: CHECK ((s = ANY (ARRAY['a'::text, …]))), with casts
    // for varchar ("((s)::text = ANY ((ARRAY[…])::text[]))"), numbers bare or quoted with a cast.
    static const QRegularExpression anyArray(QStringLiteral(
        R"re(^CHECK \(\(\(?"?(\w+)"?\)?(?:::[\w ]+)? = ANY \(\(?ARRAY\[(.*)\](?:\)::[\w ]+\[\])?\)\)\)$)re"));
    static const QRegularExpression range(QStringLiteral(
        R"re(^CHECK \(\(\(\(?"?(\w+)"?\)?(?:::[\w ]+)? >= \(?'?(-?[0-9.]+)'?\)?(?:::[\w ]+)?\) AND )re"
        R"re(\(\(?"?\1"?\)?(?:::[\w ]+)? <= \(?'?(-?[0-9.]+)'?\)?(?:::[\w ]+)?\)\)\)$)re")); // the same column twice
    static const QRegularExpression number(QStringLiteral(R"(^'?(-?[0-9]+(?:\.[0-9]+)?)'?(?:::[\w ]+)?$)"));
    static const QRegularExpression literal(QStringLiteral(R"('((?:[^']|'')*)')"));
    for (int r = 0; r < PQntuples(constraints.get()); ++r) {
        const QString kind = QString::fromUtf8(PQgetvalue(constraints.get(), r, 0));
        const QString value = QString::fromUtf8(PQgetvalue(constraints.get(), r, 1));
        const auto fieldNamed = [&](const QString& name) -> FieldSchema* {
            for (auto& f : schema.fields) {
                if (f.name == name)
                    return &f;
            }
            return nullptr;
        };
        if (kind == QLatin1String("u")) {
            if (FieldSchema* f = fieldNamed(value))
                f->identifier = true;
        } else if (const auto m = anyArray.match(value); m.hasMatch()) {
            if (FieldSchema* f = fieldNamed(m.captured(1))) {
                const bool numeric = f->type == FieldSchema::Type::Integer || f->type == FieldSchema::Type::Number;
                if (numeric) { // IN (1, 2, 3): the options are the numbers' text; the type stays
                    QStringList options;
                    for (const QString& item : m.captured(2).split(QLatin1Char(','))) {
                        const auto n = number.match(item.trimmed());
                        if (!n.hasMatch()) { // one it cannot read ('NaN', 1e+20): no list is better than a wrong one
                            options.clear();
                            break;
                        }
                        options << n.captured(1);
                    }
                    f->options = options;
                } else if (f->type == FieldSchema::Type::String) { // dates, booleans…: their text is not the value's
                    auto it = literal.globalMatch(m.captured(2));
                    while (it.hasNext())
                        f->options << it.next().captured(1).replace(QLatin1String("''"), QLatin1String("'"));
                    if (!f->options.isEmpty())
                        f->type = FieldSchema::Type::Enum;
                }
            }
        } else if (const auto m = range.match(value); m.hasMatch()) {
            if (FieldSchema* f = fieldNamed(m.captured(1))) {
                f->minimum = m.captured(2).toDouble();
                f->maximum = m.captured(3).toDouble();
            }
        }
    }
    m_described = schema;
    return schema;
}

Result<void> PostgresTableDestination::begin()
{
    auto described = schema();
    if (!described)
        return described.error();
    if (auto deferred = deferredUniqueConstraints(); !deferred)
        return deferred.error();
    else
        m_deferredUniques = *deferred;
    m_rules.setSchema(*described, m_mode);
    return checkMatchField(*described, m_matchField, m_mode);
}

Result<QStringList> PostgresTableDestination::deferredUniqueConstraints()
{
    // Unique, primary key and exclusion constraints declared DEFERRABLE: checked at COMMIT
    // unless made immediate. Foreign keys and constraint triggers are left deferred, where a
    // user may need them (rows that refer to each other arrive in any order).
    const QByteArray table = (quoteIdentifier(m_schemaName) + QLatin1Char('.') + quoteIdentifier(m_table)).toUtf8();
    const char* params[] = {table.constData()};
    PgResultPtr result(PQexecParams(m_connection->get(),
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.conname) FROM pg_constraint c"
        " JOIN pg_namespace n ON n.oid = c.connamespace"
        " WHERE c.conrelid = $1::regclass AND c.condeferrable AND c.contype IN ('u', 'p', 'x') ORDER BY c.conname",
        1, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        return error(serverError(result.get(), m_connection->get()).message);
    QStringList names;
    for (int i = 0; i < PQntuples(result.get()); ++i)
        names << QString::fromUtf8(PQgetvalue(result.get(), i, 0));
    return names;
}

std::optional<QString> PostgresTableDestination::runStatement(
    const QList<OutgoingRecord>& records, QList<RecordOutcome>* perRecord)
{
    const OutgoingRecord::Operation op = records.first().operation;
    const QString table = quoteIdentifier(m_schemaName) + QLatin1Char('.') + quoteIdentifier(m_table);
    const QString match = quoteIdentifier(m_matchField);
    QString sql;
    std::vector<std::optional<QByteArray>> values;
    if (op == OutgoingRecord::Operation::Delete || op == OutgoingRecord::Operation::Update) {
        // One record per statement: the row count says whether the record existed.
        const OutgoingRecord& r = records.first();
        if (op == OutgoingRecord::Operation::Delete) {
            sql = QStringLiteral("DELETE FROM %1 WHERE %2 = $1").arg(table, match);
        } else {
            QStringList sets;
            for (int i = 0; i < m_fields.size(); ++i) {
                if (m_fields[i] == m_matchField)
                    continue; // it finds the row; it may be one the server generates and refuses to set
                const int at = int(r.payload.fields().indexOf(m_fields[i]));
                if (at >= 0 && r.payload.isSkipped(at))
                    continue; // a NULL the mapping skips: the row keeps its value
                if (r.changed.isEmpty() || r.changed.contains(m_fields[i]))
                    sets << QStringLiteral("%1 = $%2").arg(quoteIdentifier(m_fields[i])).arg(values.size() + 1),
                        values.push_back(pgParameter(r.payload.value(m_fields[i]), m_rules.field(m_fields[i])));
            }
            if (sets.isEmpty()) { // every field it would write is a skipped NULL: nothing to change
                if (perRecord)
                    perRecord->append(RecordOutcome{true, {}});
                return std::nullopt;
            }
            sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3 = $%4")
                      .arg(table, sets.join(QLatin1String(", ")), match)
                      .arg(values.size() + 1);
        }
        values.push_back(pgParameter(r.matchValue, m_rules.field(m_matchField)));
    } else {
        QStringList columns, rows, updates;
        for (const QString& f : m_fields) {
            columns << quoteIdentifier(f);
            if (f != m_matchField)
                updates << (m_keepOnNull.contains(f)
                        ? QStringLiteral("%1 = COALESCE(EXCLUDED.%1, ebb_target.%1)").arg(quoteIdentifier(f))
                        : QStringLiteral("%1 = EXCLUDED.%1").arg(quoteIdentifier(f)));
        }
        for (const OutgoingRecord& r : records) {
            QStringList params;
            for (const QString& f : m_fields) {
                values.push_back(pgParameter(r.payload.value(f), m_rules.field(f)));
                params << QStringLiteral("$%1").arg(values.size());
            }
            rows << QLatin1Char('(') + params.join(QLatin1Char(',')) + QLatin1Char(')');
        }
        sql = QStringLiteral("INSERT INTO %1 AS ebb_target (%2) VALUES %3")
                  .arg(table, columns.join(QLatin1Char(',')), rows.join(QLatin1Char(',')));
        if (op == OutgoingRecord::Operation::Upsert)
            sql += QStringLiteral(" ON CONFLICT (%1) DO %2")
                       .arg(match,
                           updates.isEmpty() ? QStringLiteral("NOTHING")
                                             : QStringLiteral("UPDATE SET ") + updates.join(QLatin1Char(',')));
    }
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values)
        pointers.push_back(v ? v->constData() : nullptr);
    PgResultPtr result(PQexecParams(m_connection->get(), sql.toUtf8().constData(), int(pointers.size()), nullptr,
        pointers.data(), nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        const PgServerError e = serverError(result.get(), m_connection->get());
        return e.detail.isEmpty()
            ? e.message
            : e.message + QStringLiteral(" (") + e.detail.section(QLatin1Char('\n'), 0, 0) + QLatin1Char(')');
    }
    if (perRecord) {
        const bool touched = QByteArray(PQcmdTuples(result.get())).toLongLong() > 0;
        if (!touched && op != OutgoingRecord::Operation::Upsert)
            perRecord->append(RecordOutcome{false,
                QStringLiteral("no record with %1 = %2").arg(m_matchField, valueText(records.first().matchValue))});
        else
            perRecord->append(RecordOutcome{true, {}});
    }
    return std::nullopt;
}

bool PostgresTableDestination::distinctMatchValues(const QList<OutgoingRecord>& records)
{
    // Whole numbers (most match values) sorted and compared; anything else by its text, as a
    // parameter would carry it.
    std::vector<qint64> numbers;
    numbers.reserve(size_t(records.size()));
    for (const OutgoingRecord& r : records) {
        const int type = r.matchValue.typeId();
        if (type != QMetaType::LongLong && type != QMetaType::Int) {
            numbers.clear();
            break;
        }
        numbers.push_back(r.matchValue.toLongLong());
    }
    if (qsizetype(numbers.size()) == records.size()) {
        std::sort(numbers.begin(), numbers.end());
        return std::adjacent_find(numbers.begin(), numbers.end()) == numbers.end();
    }
    QSet<QString> seen;
    seen.reserve(records.size());
    for (const OutgoingRecord& r : records) {
        QString text = valueText(r.matchValue);
        if (seen.contains(text))
            return false;
        seen.insert(std::move(text));
    }
    return true;
}

QList<RecordOutcome> PostgresTableDestination::writeGroup(const QList<OutgoingRecord>& records)
{
    // A group whose match values are distinct goes in one COPY and one statement; one that
    // repeats a value goes record by record, in order, as the last of them must win.
    const auto operation = records.first().operation;
    const bool distinct
        = m_matchField.isEmpty() || operation == OutgoingRecord::Operation::Insert || distinctMatchValues(records);
    if (!distinct || records.size() == 1)
        return oneByOne(records);
    if (!m_merge.refused().isEmpty()) // no temporary tables: many rows to a statement, as before
        return operation == OutgoingRecord::Operation::Insert || operation == OutgoingRecord::Operation::Upsert
            ? inStatements(records)
            : oneByOne(records);
    if (operation != OutgoingRecord::Operation::Update)
        return merged(records, m_fields);
    // Updates write only what changed: one merge per set of written fields, so an update
    // sets no column it does not change (triggers on a column, column privileges).
    QList<RecordOutcome> outcomes(records.size());
    QStringList order;
    QHash<QString, QList<int>> byFields;
    QHash<QString, QStringList> fieldsOf;
    for (int i = 0; i < records.size(); ++i) {
        const OutgoingRecord& r = records[i];
        QStringList written;
        for (const QString& f : std::as_const(m_fields)) {
            const int at = int(r.payload.fields().indexOf(f));
            if (f != m_matchField && !(at >= 0 && r.payload.isSkipped(at))
                && (r.changed.isEmpty() || r.changed.contains(f)))
                written << f;
        }
        const QString name = written.join(QChar(0x1f));
        if (!byFields.contains(name))
            order << name, fieldsOf.insert(name, written);
        byFields[name] << i;
    }
    for (const QString& name : std::as_const(order)) {
        QList<OutgoingRecord> group;
        for (const int i : byFields[name])
            group << records[i];
        const QList<RecordOutcome> written = merged(group, fieldsOf[name]);
        for (int k = 0; k < group.size(); ++k)
            outcomes[byFields[name][k]] = written[k];
    }
    return outcomes;
}

QList<RecordOutcome> PostgresTableDestination::merged(const QList<OutgoingRecord>& records, const QStringList& fields)
{
    (void)exec(QStringLiteral("SAVEPOINT ebb_group"));
    auto merge = m_merge.apply(m_connection->get(), records, fields, m_rules);
    auto* outcomes = std::get_if<QList<RecordOutcome>>(&merge);
    if (!outcomes) {
        (void)exec(QStringLiteral("ROLLBACK TO SAVEPOINT ebb_group"));
        if (m_isolatedGroups++ == 0)
            m_firstIsolation = std::get<QString>(merge);
        return oneByOne(records);
    }
    (void)exec(QStringLiteral("RELEASE SAVEPOINT ebb_group"));
    ++m_mergedGroups;
    // A record the merge found no row for is tried alone: two match values the server takes
    // as equal (citext, 1.0 and 1) met one row in the merge, and each finds it alone.
    QList<int> missed;
    for (int i = 0; i < outcomes->size(); ++i) {
        if (!outcomes->at(i).ok)
            missed << i;
    }
    if (!missed.isEmpty()) {
        QList<OutgoingRecord> again;
        for (const int i : std::as_const(missed))
            again << records[i];
        const QList<RecordOutcome> alone = oneByOne(again);
        for (int k = 0; k < missed.size(); ++k)
            (*outcomes)[missed[k]] = alone[k];
    }
    return *outcomes;
}

QList<RecordOutcome> PostgresTableDestination::inStatements(const QList<OutgoingRecord>& records)
{
    // PostgreSQL takes at most 65,535 parameters a statement.
    const int rowsPerStatement = std::max(1, 60000 / std::max<int>(1, int(m_fields.size())));
    QList<RecordOutcome> outcomes;
    for (qsizetype first = 0; first < records.size(); first += rowsPerStatement) {
        const QList<OutgoingRecord> chunk = records.mid(first, rowsPerStatement);
        (void)exec(QStringLiteral("SAVEPOINT ebb_group"));
        if (!runStatement(chunk, nullptr)) {
            (void)exec(QStringLiteral("RELEASE SAVEPOINT ebb_group"));
            outcomes << QList<RecordOutcome>(chunk.size(), RecordOutcome{true, {}});
            continue;
        }
        (void)exec(QStringLiteral("ROLLBACK TO SAVEPOINT ebb_group"));
        outcomes << oneByOne(chunk);
    }
    return outcomes;
}

QList<RecordOutcome> PostgresTableDestination::oneByOne(const QList<OutgoingRecord>& records)
{
    QList<RecordOutcome> outcomes;
    // One by one, each under its own savepoint, so a bad record fails alone.
    for (const OutgoingRecord& record : records) {
        (void)exec(QStringLiteral("SAVEPOINT ebb_record"));
        QList<RecordOutcome> one;
        if (const auto failure = runStatement({record}, &one)) {
            (void)exec(QStringLiteral("ROLLBACK TO SAVEPOINT ebb_record"));
            outcomes << RecordOutcome{false, *failure};
        } else {
            (void)exec(QStringLiteral("RELEASE SAVEPOINT ebb_record"));
            outcomes << one.value(0, RecordOutcome{true, {}});
        }
    }
    return outcomes;
}

Result<QList<RecordOutcome>> PostgresTableDestination::write(const QList<OutgoingRecord>& batch)
{
    if (auto connected = connect(); !connected)
        return connected.error();
    for (const OutgoingRecord& r : batch) {
        if (m_fields.isEmpty() && r.operation != OutgoingRecord::Operation::Delete)
            m_fields = r.payload.fields();
    }
    if (auto began = exec(QStringLiteral("BEGIN")); !began)
        return began.error();
    // A deferred unique violation would surface only at COMMIT, failing the whole batch with
    // no key named, and again on every rerun. Immediate, it fails its statement inside the
    // savepoints below, so the one record that violates it fails alone, as any other does.
    if (!m_deferredUniques.isEmpty()) {
        if (auto immediate
            = exec(QStringLiteral("SET CONSTRAINTS %1 IMMEDIATE").arg(m_deferredUniques.join(QLatin1String(", "))));
            !immediate) {
            (void)exec(QStringLiteral("ROLLBACK"));
            return immediate.error();
        }
    }
    // A record that breaks the table's declared rules is refused before any statement; the
    // others go in groups of one operation.
    QList<RecordOutcome> outcomes(batch.size());
    QList<int> passing;
    passing.reserve(batch.size());
    for (int i = 0; i < batch.size(); ++i) {
        if (const QString broken = m_rules.broken(batch[i]); !broken.isEmpty())
            outcomes[i] = RecordOutcome{false, broken};
        else
            passing << i;
    }
    const bool allPass = passing.size() == batch.size();
    for (int i = 0; i < passing.size();) {
        int j = i + 1;
        const auto operation = batch[passing[i]].operation;
        while (j < passing.size() && batch[passing[j]].operation == operation)
            ++j;
        // A batch of one operation that passes whole is its own group (most are): not copied.
        QList<OutgoingRecord> part;
        if (allPass && (i > 0 || j < passing.size())) {
            part = batch.mid(i, j - i);
        } else if (!allPass) {
            for (int k = i; k < j; ++k)
                part << batch[passing[k]];
        }
        const QList<RecordOutcome> written = writeGroup(allPass && i == 0 && j == passing.size() ? batch : part);
        for (int k = i; k < j; ++k)
            outcomes[passing[k]] = written[k - i];
        i = j;
    }
    m_open = true;
    if (m_deferCommits)
        return outcomes;
    if (auto committed = commit(); !committed)
        return committed.error();
    return outcomes;
}

bool PostgresTableDestination::deferCommits()
{
    m_deferCommits = true;
    return true;
}

Result<void> PostgresTableDestination::commit()
{
    m_open = false;
    if (auto committed = exec(QStringLiteral("COMMIT")); !committed) {
        (void)exec(QStringLiteral("ROLLBACK"));
        m_merge.forgetStage(); // if it was made in this transaction
        return committed.error();
    }
    return {};
}

void PostgresTableDestination::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    (void)exec(QStringLiteral("ROLLBACK"));
    m_merge.forgetStage();
}

QString PostgresTableDestination::summary() const
{
    if (m_isolatedGroups == 0)
        return m_mergedGroups ? QStringLiteral("table %1.%2: %3 group(s) copied and merged in one statement each")
                                    .arg(m_schemaName, m_table)
                                    .arg(m_mergedGroups)
                              : QString();
    return QStringLiteral("table %1.%2: %3 group(s) merged, %4 written record by record (the merge failed;"
                          " the first time: %5)")
        .arg(m_schemaName, m_table)
        .arg(m_mergedGroups)
        .arg(m_isolatedGroups)
        .arg(m_firstIsolation);
}

} // namespace Ebb
