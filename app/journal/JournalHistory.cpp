#include "Journal.h"
#include "JournalSql.h"
#include "connectors/secrets/Redactor.h"
#include "models/mapping/KeyCodec.h"

#include <algorithm>

// The history of runs: each run's row, its rejects and its failures.

namespace Ebb {

using namespace JournalSql;

Result<qint64> Journal::startRun(const QString& sync, const RunOptions& options)
{
    auto stmt = statement(
        "INSERT INTO runs (sync, started_at, status, dry_run, full, forced) VALUES (?1, ?2, 'running', ?3, ?4, ?5)");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    bindText(*stmt, 2, now());
    sqlite3_bind_int(*stmt, 3, options.dryRun);
    sqlite3_bind_int(*stmt, 4, options.full);
    sqlite3_bind_int(*stmt, 5, options.force);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot start a run"));
    return qint64(sqlite3_last_insert_rowid(m_db.get()));
}

Result<void> Journal::finishRun(const RunReport& report)
{
    auto stmt
        = statement("UPDATE runs SET ended_at = ?2, status = ?3, queried = ?4, added = ?5, changed = ?6, removed = ?7,"
                    " unchanged = ?8, rejected = ?9, failed = ?10, sent = ?11, error = ?12 WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    const RunCounts& c = report.counts;
    sqlite3_bind_int64(*stmt, 1, report.runId);
    bindText(*stmt, 2, report.endedAt.toUTC().toString(Qt::ISODateWithMs));
    bindText(*stmt, 3, RunReport::statusName(report.status));
    int i = 4;
    for (const qint64 n : {c.queried, c.added, c.changed, c.removed, c.unchanged, c.rejected, c.failed, c.sent})
        sqlite3_bind_int64(*stmt, i++, n);
    if (report.error.isEmpty())
        sqlite3_bind_null(*stmt, 12);
    else
        bindText(*stmt, 12, Redactor::redact(report.error)); // servers echo connection strings
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot finish a run"));
    return {};
}

Result<void> Journal::addReject(qint64 runId, const QString& sync, const Reject& reject)
{
    auto stmt = statement("INSERT INTO rejects (run_id, sync, key, field, rule, message, value, payload, value_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!stmt)
        return stmt.error();
    // Messages quote the value they refuse: it is stored once, in `value`, and the message
    // keeps the rest with the byte offset to put it back at (schema version 6).
    QByteArray message = reject.message.toUtf8();
    const QByteArray value = reject.value.toUtf8();
    const qsizetype at = value.isEmpty() ? -1 : message.indexOf(value);
    if (at >= 0)
        message.remove(at, value.size());
    sqlite3_bind_int64(*stmt, 1, runId);
    bindText(*stmt, 2, sync);
    bindText(*stmt, 3, reject.key);
    bindText(*stmt, 4, reject.field);
    bindText(*stmt, 5, reject.rule);
    sqlite3_bind_text(*stmt, 6, message.constData(), int(message.size()), SQLITE_STATIC);
    sqlite3_bind_text(*stmt, 7, value.constData(), int(value.size()), SQLITE_STATIC);
    bindBlob(*stmt, 8, reject.payload);
    if (at >= 0)
        sqlite3_bind_int64(*stmt, 9, at);
    else
        sqlite3_bind_null(*stmt, 9);
    const int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt); // let go of the bound buffers before they are freed
    if (rc != SQLITE_DONE)
        return error(QStringLiteral("cannot record a reject"));
    return {};
}

Result<void> Journal::addFailure(
    qint64 runId, const QString& sync, const QByteArray& key, const QString& message, const QByteArray& payload)
{
    auto stmt = statement("INSERT INTO failures (run_id, sync, key, message, payload) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, runId);
    bindText(*stmt, 2, sync);
    bindText(*stmt, 3, KeyCodec::text(key));
    bindText(*stmt, 4, Redactor::redact(message));
    bindBlob(*stmt, 5, payload);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot record a failure"));
    return {};
}

Result<void> Journal::markInterrupted(const QString& sync)
{
    auto stmt = statement("UPDATE runs SET status = 'interrupted' WHERE sync = ?1 AND status = 'running'");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    const ResetOnExit reset(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot mark interrupted runs"));
    return {};
}

Result<QList<RunReport>> Journal::runs(const QString& sync, int limit) const
{
    auto stmt
        = statement("SELECT id, sync, started_at, ended_at, status, dry_run, full, forced, queried, added, changed,"
                    " removed, unchanged, rejected, failed, sent, error FROM runs"
                    " WHERE ?1 = '' OR sync = ?1 ORDER BY id DESC LIMIT ?2");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    sqlite3_bind_int(*stmt, 2, limit);
    QList<RunReport> result;
    while (sqlite3_step(*stmt) == SQLITE_ROW) {
        RunReport r;
        r.runId = sqlite3_column_int64(*stmt, 0);
        r.sync = columnText(*stmt, 1);
        r.startedAt = QDateTime::fromString(columnText(*stmt, 2), Qt::ISODateWithMs);
        r.endedAt = QDateTime::fromString(columnText(*stmt, 3), Qt::ISODateWithMs);
        r.status = RunReport::statusFromName(columnText(*stmt, 4));
        r.options
            = {sqlite3_column_int(*stmt, 5) != 0, sqlite3_column_int(*stmt, 6) != 0, sqlite3_column_int(*stmt, 7) != 0};
        qint64* counts[] = {&r.counts.queried, &r.counts.added, &r.counts.changed, &r.counts.removed,
            &r.counts.unchanged, &r.counts.rejected, &r.counts.failed, &r.counts.sent};
        for (int i = 0; i < 8; ++i)
            *counts[i] = sqlite3_column_int64(*stmt, 8 + i);
        r.error = columnText(*stmt, 16);
        result << r;
    }
    return result;
}

Result<QString> Journal::syncOfRun(qint64 runId) const
{
    auto stmt = statement("SELECT sync FROM runs WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, runId);
    return sqlite3_step(*stmt) == SQLITE_ROW ? columnText(*stmt, 0) : QString();
}

Result<QList<Reject>> Journal::rejects(const QString& sync, qint64 runId) const
{
    // Failures share the shape: key, field, rule, message, value, payload.
    return problems(
        "SELECT key, field, rule, message, value, payload, value_at FROM rejects WHERE sync = ?1 AND run_id ="
        " CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT max(id) FROM runs WHERE sync = ?1) END ORDER BY rowid",
        sync, runId);
}

Result<QList<Reject>> Journal::failures(const QString& sync, qint64 runId) const
{
    return problems("SELECT key, '', 'failed', message, '', payload, NULL FROM failures WHERE sync = ?1 AND run_id ="
                    " CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT max(id) FROM runs WHERE sync = ?1) END ORDER BY rowid",
        sync, runId);
}

Result<QList<Reject>> Journal::problems(const char* sql, const QString& sync, qint64 runId) const
{
    auto stmt = statement(sql);
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    sqlite3_bind_int64(*stmt, 2, runId);
    QList<Reject> result;
    while (sqlite3_step(*stmt) == SQLITE_ROW) {
        QString message = columnText(*stmt, 3);
        if (sqlite3_column_type(*stmt, 6) != SQLITE_NULL) {
            // The value goes back where it was cut out (as bytes: value_at is a UTF-8 offset).
            QByteArray bytes = columnBlob(*stmt, 3);
            const qsizetype at = std::clamp<qsizetype>(sqlite3_column_int64(*stmt, 6), 0, bytes.size());
            bytes.insert(at, columnBlob(*stmt, 4));
            message = QString::fromUtf8(bytes);
        }
        result << Reject{columnText(*stmt, 0), columnText(*stmt, 1), columnText(*stmt, 2), message,
            columnText(*stmt, 4), columnBlob(*stmt, 5)};
    }
    return result;
}

Result<qint64> Journal::pruneRuns(const QString& sync, int keepRuns)
{
    if (keepRuns < 1)
        return Error::config(QStringLiteral("keepRuns must be at least 1 (the run that just ended)"));
    // The oldest run kept: the sync's `keepRuns`-th newest. Everything of the sync's older
    // runs goes, so a 5-minute schedule keeps a bounded journal.
    auto oldest = statement("SELECT id FROM runs WHERE sync = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2");
    if (!oldest)
        return oldest.error();
    bindText(*oldest, 1, sync);
    sqlite3_bind_int(*oldest, 2, keepRuns - 1);
    if (sqlite3_step(*oldest) != SQLITE_ROW) {
        sqlite3_reset(*oldest);
        return 0; // fewer runs than that: nothing to forget
    }
    const qint64 firstKept = sqlite3_column_int64(*oldest, 0);
    sqlite3_reset(*oldest);
    qint64 removed = 0;
    if (auto began = begin(); !began)
        return began.error();
    for (const char* sql : {"DELETE FROM rejects WHERE sync = ?1 AND run_id < ?2",
             "DELETE FROM failures WHERE sync = ?1 AND run_id < ?2"}) {
        auto stmt = statement(sql);
        if (!stmt) {
            rollback();
            return stmt.error();
        }
        bindText(*stmt, 1, sync);
        sqlite3_bind_int64(*stmt, 2, firstKept);
        if (sqlite3_step(*stmt) != SQLITE_DONE) {
            const Error failed = error(QStringLiteral("cannot forget the rejects of old runs"));
            rollback();
            return failed;
        }
        removed += sqlite3_changes64(m_db.get());
    }
    if (auto committed = commit(); !committed)
        return committed.error();
    // Freed pages go back to the file system (they would be reused anyway, but a journal
    // that once held a huge run should not stay that size). A journal still waiting for its
    // conversion to incremental auto-vacuum ignores this.
    if (removed > 0) {
        if (auto vacuumed = m_db.exec(QStringLiteral("PRAGMA incremental_vacuum")); !vacuumed)
            return Error::io(
                QStringLiteral("journal %1: cannot give freed pages back: %2").arg(m_path, vacuumed.error().message));
    }
    return removed;
}

} // namespace Ebb
