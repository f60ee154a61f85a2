#include "RunProblems.h"

#include "JournalSql.h"
#include "connectors/files/PrivateState.h"
#include "connectors/secrets/Redactor.h"

#include <QFileInfo>
#include <algorithm>
#include <cstring>

namespace Ebb {

using namespace JournalSql;

namespace {

// value_at: a message quoting the value it refuses is stored without it, and the value goes
// back in at this UTF-8 byte offset (NULL: the message does not quote it), so each value is
// stored once.
const char* const schema = "CREATE TABLE IF NOT EXISTS rejects ("
                           "  key TEXT, field TEXT, rule TEXT NOT NULL, message TEXT NOT NULL, value TEXT,"
                           "  payload BLOB, value_at INTEGER);"
                           "CREATE TABLE IF NOT EXISTS failures (key TEXT, message TEXT NOT NULL, payload BLOB);";

// Where a message quotes its value ("\"<value>\" is not a whole number"), or -1. Messages
// quote values between double quotes, so only the places after a quote are tried: a search
// for a long value through the whole message took a third of a rejecting run.
qsizetype quotedAt(const QByteArray& message, const QByteArray& value)
{
    if (value.isEmpty())
        return -1;
    const char* begin = message.constData();
    const char* end = begin + message.size();
    for (const char* quote = begin; (quote = static_cast<const char*>(memchr(quote, '"', size_t(end - quote))));) {
        const char* start = ++quote;
        if (end - start >= value.size() && memcmp(start, value.constData(), size_t(value.size())) == 0)
            return start - begin;
    }
    return -1;
}

} // namespace

RunProblems::RunProblems(SqliteHandle db, QString path)
    : m_db(std::move(db))
    , m_path(std::move(path))
{
}

RunProblems::~RunProblems()
{
    (void)commit();
}

Error RunProblems::error(const QString& what) const
{
    return Error::io(QStringLiteral("%1: %2: %3").arg(m_path, what, m_db.lastError()));
}

Result<std::unique_ptr<RunProblems>> RunProblems::create(const QString& path)
{
    // Rejected values are personal data: the file and its journal are the user's alone.
    const bool inMemory = path == QLatin1String(":memory:");
    if (!inMemory) {
        if (auto folder = PrivateState::ensureFolder(QFileInfo(path).absolutePath()); !folder)
            return folder.error();
        for (const char* suffix : {"", "-journal"}) {
            if (auto file = PrivateState::checkFile(path + QLatin1String(suffix)); !file)
                return file.error();
        }
    }
    auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
    if (!db)
        return db.error();
    std::unique_ptr<RunProblems> problems(new RunProblems(std::move(*db), path));
    if (!inMemory)
        (void)PrivateState::checkFile(path);
    // A rollback journal: rows appended at the end of the file are not copied into it, so each
    // is written once. NORMAL: a power cut may lose the last batch, never the file.
    if (auto ready = problems->m_db.exec(QStringLiteral("PRAGMA page_size=16384; PRAGMA journal_mode=DELETE;"
                                                        " PRAGMA synchronous=NORMAL; ")
            + QLatin1String(schema));
        !ready)
        return Error::io(QStringLiteral("%1: %2").arg(path, ready.error().message));
    return problems;
}

Result<std::unique_ptr<RunProblems>> RunProblems::openForReading(const QString& path)
{
    if (!QFileInfo::exists(path))
        return std::unique_ptr<RunProblems>();
    auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadOnly);
    if (!db)
        return db.error();
    return std::unique_ptr<RunProblems>(new RunProblems(std::move(*db), path));
}

Result<sqlite3_stmt*> RunProblems::statement(const char* sql) const
{
    if (sqlite3_stmt* stmt = m_statements.get(m_db.get(), sql))
        return stmt;
    return error(QStringLiteral("cannot prepare %1").arg(QLatin1String(sql)));
}

Result<void> RunProblems::begin()
{
    if (m_pending >= batchRows) {
        if (auto committed = commit(); !committed)
            return committed;
    }
    if (m_pending == 0) {
        if (auto began = m_db.exec(QStringLiteral("BEGIN IMMEDIATE")); !began)
            return error(QStringLiteral("cannot begin a transaction"));
    }
    ++m_pending;
    return {};
}

Result<void> RunProblems::commit()
{
    if (m_pending == 0)
        return {};
    m_pending = 0;
    if (auto done = m_db.exec(QStringLiteral("COMMIT")); !done)
        return error(QStringLiteral("cannot commit"));
    return {};
}

void RunProblems::rollback()
{
    if (m_pending == 0)
        return;
    m_pending = 0;
    (void)m_db.exec(QStringLiteral("ROLLBACK"));
}

Result<void> RunProblems::addReject(const Reject& reject)
{
    if (auto began = begin(); !began)
        return began;
    if (!m_insertReject) {
        auto prepared = statement("INSERT INTO rejects (key, field, rule, message, value, payload, value_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!prepared)
            return prepared.error();
        m_insertReject = *prepared;
    }
    sqlite3_stmt* stmt = m_insertReject;
    QByteArray message = reject.message.toUtf8();
    const QByteArray value = reject.value.toUtf8();
    const qsizetype at = quotedAt(message, value);
    if (at >= 0)
        message.remove(at, value.size());
    const QByteArray key = reject.key.toUtf8();
    sqlite3_bind_text(stmt, 1, key.constData(), int(key.size()), SQLITE_STATIC);
    bindRepeated(stmt, 2, reject.field, m_lastField, m_lastFieldUtf8);
    bindRepeated(stmt, 3, rejectRuleName(reject.rule), m_lastRule, m_lastRuleUtf8);
    sqlite3_bind_text(stmt, 4, message.constData(), int(message.size()), SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, value.constData(), int(value.size()), SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 6, reject.payload.constData(), int(reject.payload.size()), SQLITE_STATIC);
    if (at >= 0)
        sqlite3_bind_int64(stmt, 7, at);
    else
        sqlite3_bind_null(stmt, 7);
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt); // let go of the bound buffers before they are freed
    if (rc != SQLITE_DONE)
        return error(QStringLiteral("cannot record a reject"));
    return {};
}

void RunProblems::bindRepeated(sqlite3_stmt* stmt, int index, const QString& text, QString& last, QByteArray& lastUtf8)
{
    if (text != last || lastUtf8.isNull()) {
        last = text;
        lastUtf8 = text.toUtf8();
    }
    sqlite3_bind_text(stmt, index, lastUtf8.constData(), int(lastUtf8.size()), SQLITE_STATIC);
}

Result<void> RunProblems::addFailure(const QString& key, const QString& message, const QByteArray& payload)
{
    if (auto began = begin(); !began)
        return began;
    auto stmt = statement("INSERT INTO failures (key, message, payload) VALUES (?1, ?2, ?3)");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, key);
    bindText(*stmt, 2, Redactor::redact(message)); // destinations echo what they were sent
    bindBlob(*stmt, 3, payload);
    const int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE)
        return error(QStringLiteral("cannot record a failure"));
    return {};
}

Result<QList<Reject>> RunProblems::rejects(int limit) const
{
    return read("SELECT key, field, rule, message, value, payload, value_at FROM rejects ORDER BY rowid", limit);
}

Result<QList<Reject>> RunProblems::failures(int limit) const
{
    return read("SELECT key, '', 'failed', message, '', payload, NULL FROM failures ORDER BY rowid", limit);
}

Result<QList<Reject>> RunProblems::read(const char* sql, int limit) const
{
    auto stmt = statement(sql);
    if (!stmt)
        return stmt.error();
    const ResetOnExit reset(*stmt);
    return readRows(*stmt, limit);
}

Result<QList<Reject>> RunProblems::readRows(sqlite3_stmt* stmt, int limit)
{
    QList<Reject> result;
    while ((limit < 0 || result.size() < limit) && sqlite3_step(stmt) == SQLITE_ROW) {
        QString message = columnText(stmt, 3);
        if (sqlite3_column_type(stmt, 6) != SQLITE_NULL) {
            // The value goes back where it was cut out (as bytes: value_at is a UTF-8 offset).
            QByteArray bytes = columnBlob(stmt, 3);
            const qsizetype at = std::clamp<qsizetype>(sqlite3_column_int64(stmt, 6), 0, bytes.size());
            bytes.insert(at, columnBlob(stmt, 4));
            message = QString::fromUtf8(bytes);
        }
        const QString ruleName = columnText(stmt, 2);
        const auto rule = rejectRuleFromName(ruleName);
        if (!rule) // written by a later Ebb, or by hand
            return Error::database(QStringLiteral("a stored reject breaks an unknown rule \"%1\"").arg(ruleName));
        result << Reject{
            columnText(stmt, 0), columnText(stmt, 1), *rule, message, columnText(stmt, 4), columnBlob(stmt, 5)};
    }
    return result;
}

} // namespace Ebb
