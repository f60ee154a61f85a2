#include "SqliteTableDestination.h"

#include "connectors/SqlText.h"
#include "connectors/warehouse/sqlite/SqliteWarehouse.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>
#include <sqlite3.h>

namespace Ebb {

using SqlText::quoteIdentifier;

namespace {

void bindValue(sqlite3_stmt* stmt, int index, const QVariant& value)
{
    if (isNull(value)) {
        sqlite3_bind_null(stmt, index);
        return;
    }
    if (MicroTime::holds(value)) { // as a QDateTime's text below, with three more digits
        const MicroTime time = value.value<MicroTime>();
        const QByteArray text = (time.toDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
            + QStringLiteral("%1").arg(time.subMillisecond(), 3, 10, QLatin1Char('0')))
                                    .toUtf8();
        sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        sqlite3_bind_int(stmt, index, value.toBool() ? 1 : 0);
        return;
    case QMetaType::Int:
    case QMetaType::LongLong:
        sqlite3_bind_int64(stmt, index, value.toLongLong());
        return;
    case QMetaType::Double:
        // SQLite stores a NaN as NULL: it goes as its text, which the column keeps.
        if (std::isnan(value.toDouble()))
            sqlite3_bind_text(stmt, index, "NaN", 3, SQLITE_STATIC);
        else
            sqlite3_bind_double(stmt, index, value.toDouble());
        return;
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        sqlite3_bind_blob(stmt, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
        return;
    }
    case QMetaType::QDateTime: {
        // SQLite's own date functions read "YYYY-MM-DD HH:MM:SS.SSS" as UTC.
        const QByteArray text = value.toDateTime().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toUtf8();
        sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return;
    }
    case QMetaType::QStringList: {
        const QByteArray text = value.toStringList().join(QLatin1Char(';')).toUtf8();
        sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return;
    }
    default:
        break;
    }
    const QByteArray text = valueText(value).toUtf8();
    sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

FieldSchema::Type fieldType(const QString& declared)
{
    if (declared.contains(QLatin1String("EMAIL"), Qt::CaseInsensitive))
        return FieldSchema::Type::Email;
    switch (SqliteWarehouse::typeFromDeclared(declared)) {
    case ValueType::Integer:
        return FieldSchema::Type::Integer;
    case ValueType::Double:
    case ValueType::Numeric:
        return FieldSchema::Type::Number;
    case ValueType::Bool:
        return FieldSchema::Type::Bool;
    case ValueType::Date:
        return FieldSchema::Type::Date;
    case ValueType::Timestamp:
        return FieldSchema::Type::DateTime;
    case ValueType::Json:
        return FieldSchema::Type::Json;
    default:
        return FieldSchema::Type::String;
    }
}

} // namespace

SqliteTableDestination::SqliteTableDestination(
    QString path, QString table, QString matchField, SyncMode mode, QStringList keepOnNull)
    : m_path(std::move(path))
    , m_table(std::move(table))
    , m_matchField(std::move(matchField))
    , m_mode(mode)
    , m_keepOnNull(std::move(keepOnNull))
{
}

Error SqliteTableDestination::error(const QString& what, const QString& why) const
{
    const QString where = m_table.isEmpty() ? m_path : QStringLiteral("%1 (table %2)").arg(m_path, m_table);
    return Error::database(QStringLiteral("%1: %2: %3").arg(where, what, why.isEmpty() ? m_db.lastError() : why));
}

Result<void> SqliteTableDestination::open()
{
    if (m_db.get())
        return {};
    // The table must exist already: looking at a schema never creates a database file.
    if (!QFileInfo::exists(m_path))
        return Error::config(m_table.isEmpty()
                ? QStringLiteral("%1: no such database file").arg(m_path)
                : QStringLiteral("%1: no such database file (the table \"%2\" is written, not created)")
                      .arg(m_path, m_table));
    auto db = SqliteHandle::open(m_path, SqliteHandle::Mode::ReadWriteCreate);
    if (!db)
        return db.error();
    m_db = std::move(*db);
    return {};
}

Result<QStringList> SqliteTableDestination::objects()
{
    if (auto opened = open(); !opened)
        return opened.error();
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(),
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            " ORDER BY name",
            -1, &raw, nullptr)
        != SQLITE_OK)
        return error(QStringLiteral("cannot list the tables"));
    SqliteStatement tables(raw);
    QStringList names;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(raw)) == SQLITE_ROW)
        names << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)));
    if (step != SQLITE_DONE)
        return error(QStringLiteral("cannot list the tables"));
    return names;
}

Result<DestinationSchema> SqliteTableDestination::schema()
{
    if (auto opened = open(); !opened)
        return opened.error();
    DestinationSchema schema;
    schema.object = m_table;
    // One transaction a batch, and each commit waits for the disk (the database's own
    // synchronous setting, which is not Ebb's to lower): fewer, larger batches go fastest.
    schema.maxBatchSize = 10000;
    schema.partialUpdates = true;
    schema.partialUpserts = false; // an upsert writes the whole row

    sqlite3_stmt* raw = nullptr;
    const QByteArray tableSql
        = QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1").toUtf8();
    if (sqlite3_prepare_v2(m_db.get(), tableSql.constData(), -1, &raw, nullptr) != SQLITE_OK)
        return error(QStringLiteral("cannot read the schema")); // locked by another writer, not a database…
    SqliteStatement create(raw);
    const QByteArray tableName = m_table.toUtf8();
    sqlite3_bind_text(raw, 1, tableName.constData(), -1, SQLITE_TRANSIENT);
    const int found = sqlite3_step(raw);
    if (found == SQLITE_DONE)
        return Error::config(QStringLiteral("%1 has no table \"%2\"").arg(m_path, m_table));
    if (found != SQLITE_ROW)
        return error(QStringLiteral("cannot read the schema"));
    const QString createSql = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)));

    const QByteArray info = QStringLiteral("PRAGMA table_info(%1)").arg(quoteIdentifier(m_table)).toUtf8();
    sqlite3_prepare_v2(m_db.get(), info.constData(), -1, &raw, nullptr);
    SqliteStatement columns(raw);
    // A column of a primary key of two or more columns does not identify a record on its own,
    // so only a one-column key makes an identifier (as PostgreSQL's indnatts = 1 does).
    int primaryKeyColumns = 0;
    while (sqlite3_step(raw) == SQLITE_ROW)
        primaryKeyColumns += sqlite3_column_int(raw, 5) > 0 ? 1 : 0;
    sqlite3_reset(raw);
    while (sqlite3_step(raw) == SQLITE_ROW) {
        FieldSchema field;
        field.name = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(raw, 1)));
        const QString declared = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(raw, 2)));
        field.type = fieldType(declared);
        const bool hasDefault = sqlite3_column_type(raw, 4) != SQLITE_NULL;
        const bool primaryKey = sqlite3_column_int(raw, 5) > 0 && primaryKeyColumns == 1;
        field.identifier = primaryKey;
        // An INTEGER PRIMARY KEY is the rowid: SQLite fills it when left out.
        const bool rowid = primaryKey && declared.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
        field.required = sqlite3_column_int(raw, 3) != 0 && !hasDefault && !rowid;
        static const QRegularExpression length(QStringLiteral(R"(\(\s*(\d+)\s*\))"));
        if (const auto m = length.match(declared); m.hasMatch() && field.type == FieldSchema::Type::String)
            field.maxLength = m.captured(1).toInt();
        const QRegularExpression check(QStringLiteral(R"(CHECK\s*\(\s*"?%1"?\s+IN\s*\(([^)]*)\)\s*\))")
                                           .arg(QRegularExpression::escape(field.name)),
            QRegularExpression::CaseInsensitiveOption);
        if (const auto m = check.match(createSql); m.hasMatch()) {
            static const QRegularExpression literal(QStringLiteral(R"('((?:[^']|'')*)')"));
            auto it = literal.globalMatch(m.captured(1));
            while (it.hasNext())
                field.options << it.next().captured(1).replace(QLatin1String("''"), QLatin1String("'"));
            if (!field.options.isEmpty())
                field.type = FieldSchema::Type::Enum;
        }
        const QRegularExpression between(
            QStringLiteral(R"(CHECK\s*\(\s*"?%1"?\s+BETWEEN\s+(-?[0-9.]+)\s+AND\s+(-?[0-9.]+)\s*\))")
                .arg(QRegularExpression::escape(field.name)),
            QRegularExpression::CaseInsensitiveOption);
        if (const auto m = between.match(createSql); m.hasMatch()) {
            field.minimum = m.captured(1).toDouble();
            field.maximum = m.captured(2).toDouble();
        }
        schema.fields << field;
    }
    // UNIQUE indexes make identifiers too (the match field needs one for upserts).
    const QByteArray indexes
        = QStringLiteral("SELECT ii.name FROM pragma_index_list(%1) il, pragma_index_info(il.name) ii"
                         " WHERE il.\"unique\" = 1 GROUP BY il.name HAVING count(*) = 1")
              .arg(SqlText::quoteLiteral(m_table))
              .toUtf8();
    if (sqlite3_prepare_v2(m_db.get(), indexes.constData(), -1, &raw, nullptr) == SQLITE_OK) {
        SqliteStatement unique(raw);
        while (sqlite3_step(raw) == SQLITE_ROW) {
            const QString column = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)));
            for (auto& f : schema.fields) {
                if (f.name == column)
                    f.identifier = true;
            }
        }
    }
    return schema;
}

Result<void> SqliteTableDestination::begin()
{
    auto described = schema();
    if (!described)
        return described.error();
    m_rules.setSchema(*described, m_mode);
    return checkMatchField(*described, m_matchField, m_mode);
}

Result<sqlite3_stmt*> SqliteTableDestination::statementFor(const OutgoingRecord& record)
{
    if (m_fields.isEmpty() && record.operation != OutgoingRecord::Operation::Delete) {
        m_fields = record.payload.fields();
        for (const QString& f : std::as_const(m_fields))
            m_fieldRules << m_rules.field(f);
    }
    SqliteStatement& slot = record.operation == OutgoingRecord::Operation::Insert ? m_insert
        : record.operation == OutgoingRecord::Operation::Upsert                   ? m_upsert
        : record.operation == OutgoingRecord::Operation::Update                   ? m_update
                                                                                  : m_delete;
    // Prepared once a run: the text is made only then, not for every record.
    if (!slot.get()) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v3(
                m_db.get(), sqlFor(record.operation).toUtf8().constData(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr)
            != SQLITE_OK)
            return error(QStringLiteral("cannot prepare a write"));
        slot = SqliteStatement(raw);
    }
    sqlite3_reset(slot.get());
    sqlite3_clear_bindings(slot.get());
    return slot.get();
}

QString SqliteTableDestination::sqlFor(OutgoingRecord::Operation operation) const
{
    QStringList columns, params, updates;
    for (int i = 0; i < m_fields.size(); ++i) {
        columns << quoteIdentifier(m_fields[i]);
        params << QStringLiteral("?%1").arg(i + 1);
        if (m_fields[i] != m_matchField)
            updates << (m_keepOnNull.contains(m_fields[i])
                    ? QStringLiteral("%1 = coalesce(excluded.%1, %2.%1)")
                          .arg(quoteIdentifier(m_fields[i]), quoteIdentifier(m_table))
                    : QStringLiteral("%1 = excluded.%1").arg(quoteIdentifier(m_fields[i])));
    }
    const QString table = quoteIdentifier(m_table);
    const QString match = quoteIdentifier(m_matchField);
    switch (operation) {
    case OutgoingRecord::Operation::Insert:
        return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
            .arg(table, columns.join(QLatin1Char(',')), params.join(QLatin1Char(',')));
    case OutgoingRecord::Operation::Upsert:
        return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (%4) DO %5")
            .arg(table, columns.join(QLatin1Char(',')), params.join(QLatin1Char(',')), match,
                updates.isEmpty() ? QStringLiteral("NOTHING")
                                  : QStringLiteral("UPDATE SET ") + updates.join(QLatin1Char(',')));
    case OutgoingRecord::Operation::Update: {
        // Updates name every mapped field; coalesce(?, col) keeps the row's value for a NULL
        // only where the mapping skips NULLs (elsewhere it would hide a real one).
        QStringList sets;
        for (int i = 0; i < m_fields.size(); ++i)
            sets << (m_keepOnNull.contains(m_fields[i])
                    ? QStringLiteral("%1 = coalesce(?%2, %1)").arg(quoteIdentifier(m_fields[i])).arg(i + 1)
                    : QStringLiteral("%1 = ?%2").arg(quoteIdentifier(m_fields[i])).arg(i + 1));
        return QStringLiteral("UPDATE %1 SET %2 WHERE %3 = ?%4")
            .arg(table, sets.join(QLatin1Char(',')), match)
            .arg(m_fields.size() + 1);
    }
    case OutgoingRecord::Operation::Delete:
        return QStringLiteral("DELETE FROM %1 WHERE %2 = ?1").arg(table, match);
    }
    return {};
}

Result<QList<RecordOutcome>> SqliteTableDestination::write(const QList<OutgoingRecord>& batch)
{
    if (auto began = m_db.exec(QStringLiteral("BEGIN IMMEDIATE")); !began)
        return error(QStringLiteral("cannot begin a transaction"), began.error().message);
    QList<RecordOutcome> outcomes;
    outcomes.reserve(batch.size());
    for (const OutgoingRecord& record : batch) {
        auto stmt = statementFor(record);
        if (!stmt) {
            (void)m_db.exec(QStringLiteral("ROLLBACK"));
            return stmt.error();
        }
        if (record.operation == OutgoingRecord::Operation::Delete) {
            bindValue(*stmt, 1, record.matchValue);
        } else {
            if (const QString broken = m_rules.broken(record); !broken.isEmpty()) {
                outcomes << RecordOutcome{false, broken};
                continue;
            }
            // The payload's fields are the run's, in the same order (each record is mapped alike).
            const bool sameFields = record.payload.fields() == m_fields;
            for (int i = 0; i < m_fields.size(); ++i) {
                // An empty text in a column that is not text is no value, as the preview takes it.
                const QVariant& value = sameFields ? record.payload.value(i) : record.payload.value(m_fields[i]);
                const FieldSchema* field = m_fieldRules[i];
                const bool noValue = value.typeId() == QMetaType::QString && value.toString().isEmpty() && field
                    && !field->isTextLike();
                if (noValue)
                    sqlite3_bind_null(*stmt, i + 1);
                else
                    bindValue(*stmt, i + 1, value);
            }
            if (record.operation == OutgoingRecord::Operation::Update)
                bindValue(*stmt, int(m_fields.size()) + 1, record.matchValue);
        }
        const int rc = sqlite3_step(*stmt);
        if (rc != SQLITE_DONE) {
            outcomes << RecordOutcome{false, m_db.lastError()};
            continue;
        }
        if (record.operation == OutgoingRecord::Operation::Update && sqlite3_changes(m_db.get()) == 0)
            outcomes << RecordOutcome{
                false, QStringLiteral("no record with %1 = %2").arg(m_matchField, valueText(record.matchValue))};
        else
            outcomes << RecordOutcome{true, {}};
    }
    if (auto committed = m_db.exec(QStringLiteral("COMMIT")); !committed) {
        // The commit's own words: the rollback's would be "not an error".
        const QString why = committed.error().message;
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        return error(QStringLiteral("cannot commit"), why);
    }
    return outcomes;
}

Result<void> SqliteTableDestination::finish()
{
    return {};
}

} // namespace Ebb
