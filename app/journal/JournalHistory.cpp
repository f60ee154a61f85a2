#include "Journal.h"
#include "JournalSql.h"
#include "connectors/secrets/Redactor.h"
#include "models/mapping/KeyCodec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

// The history of runs: each run's row, its rejects and its failures.

namespace Ebb {

using namespace JournalSql;

Result<qint64> Journal::startRun(const QString& sync, const RunOptions& options, const QDateTime& startedAt)
{
    auto stmt = statement("INSERT INTO runs (sync, started_at, status, dry_run, full, forced, origin)"
                          " VALUES (?1, ?2, 'running', ?3, ?4, ?5, ?6)");
    if (!stmt)
        return stmt.error();
    bindText(*stmt, 1, sync);
    bindText(*stmt, 2, startedAt.isValid() ? startedAt.toUTC().toString(Qt::ISODateWithMs) : now());
    sqlite3_bind_int(*stmt, 3, options.dryRun);
    sqlite3_bind_int(*stmt, 4, options.full);
    sqlite3_bind_int(*stmt, 5, options.force);
    bindText(*stmt, 6, RunOptions::originName(options.origin));
    if (sqlite3_step(*stmt) != SQLITE_DONE)
        return error(QStringLiteral("cannot start a run"));
    return qint64(sqlite3_last_insert_rowid(m_db.get()));
}

Result<void> Journal::finishRun(const RunReport& report)
{
    if (auto closed = closeProblems(); !closed)
        return closed;
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

QString Journal::problemsPath(qint64 runId) const
{
    if (m_path == QLatin1String(":memory:"))
        return m_path;
    return QFileInfo(m_path).absolutePath() + QStringLiteral("/problems/run-%1.sqlite").arg(runId);
}

Result<RunProblems*> Journal::problemsOf(qint64 runId)
{
    if (m_problems && m_problemsRun == runId)
        return m_problems.get();
    if (auto committed = closeProblems(); !committed)
        return committed.error();
    auto problems = RunProblems::create(problemsPath(runId));
    if (!problems)
        return problems.error();
    m_problems = std::move(*problems);
    m_problemsRun = runId;
    return m_problems.get();
}

Result<void> Journal::closeProblems()
{
    if (!m_problems)
        return {};
    const Result<void> committed = m_problems->commit();
    m_problems.reset();
    m_problemsRun = 0;
    return committed;
}

Result<void> Journal::addReject(qint64 runId, const QString&, const Reject& reject)
{
    auto problems = problemsOf(runId);
    if (!problems)
        return problems.error();
    return (*problems)->addReject(reject);
}

Result<void> Journal::addFailure(
    qint64 runId, const QString&, const QByteArray& key, const QString& message, const QByteArray& payload)
{
    auto problems = problemsOf(runId);
    if (!problems)
        return problems.error();
    return (*problems)->addFailure(KeyCodec::text(key), message, payload);
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
                    " removed, unchanged, rejected, failed, sent, error, origin FROM runs"
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
        r.options.dryRun = sqlite3_column_int(*stmt, 5) != 0;
        r.options.full = sqlite3_column_int(*stmt, 6) != 0;
        r.options.force = sqlite3_column_int(*stmt, 7) != 0;
        qint64* counts[] = {&r.counts.queried, &r.counts.added, &r.counts.changed, &r.counts.removed,
            &r.counts.unchanged, &r.counts.rejected, &r.counts.failed, &r.counts.sent};
        for (int i = 0; i < 8; ++i)
            *counts[i] = sqlite3_column_int64(*stmt, 8 + i);
        r.error = columnText(*stmt, 16);
        r.options.origin = RunOptions::originFromName(columnText(*stmt, 17));
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

Result<QList<Reject>> Journal::rejects(const QString& sync, qint64 runId, int limit) const
{
    return problems(sync, runId, &RunProblems::rejects,
        "SELECT key, field, rule, message, value, payload, value_at FROM rejects WHERE run_id = ?1 ORDER BY rowid",
        limit);
}

Result<QList<Reject>> Journal::failures(const QString& sync, qint64 runId, int limit) const
{
    return problems(sync, runId, &RunProblems::failures,
        "SELECT key, '', 'failed', message, '', payload, NULL FROM failures WHERE run_id = ?1 ORDER BY rowid", limit);
}

Result<QList<Reject>> Journal::problems(const QString& sync, qint64 runId,
    Result<QList<Reject>> (RunProblems::*read)(int limit) const, const char* legacySql, int limit) const
{
    auto run = statement(
        "SELECT id FROM runs WHERE sync = ?1 AND id = CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT max(id) FROM runs WHERE"
        " sync = ?1) END");
    if (!run)
        return run.error();
    bindText(*run, 1, sync);
    sqlite3_bind_int64(*run, 2, runId);
    const bool found = sqlite3_step(*run) == SQLITE_ROW;
    const qint64 id = found ? sqlite3_column_int64(*run, 0) : 0;
    sqlite3_reset(*run);
    if (!found)
        return QList<Reject>();
    if (m_problems && m_problemsRun == id) // the run this journal is writing
        return (m_problems.get()->*read)(limit);
    auto file = RunProblems::openForReading(problemsPath(id));
    if (!file)
        return file.error();
    if (*file)
        return ((*file).get()->*read)(limit);
    // Runs from before their own files kept theirs in the journal.
    auto stmt = statement(legacySql);
    if (!stmt)
        return stmt.error();
    sqlite3_bind_int64(*stmt, 1, id);
    const ResetOnExit reset(*stmt);
    return RunProblems::readRows(*stmt, limit);
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
    // Each run's own file of rejects and failures: the sync's runs before the oldest kept.
    const QDir folder(QFileInfo(problemsPath(firstKept)).absolutePath());
    // (and the requests an HTTP destination made in them).
    const QStringList files
        = folder.entryList({QStringLiteral("run-*.sqlite"), QStringLiteral("run-*.requests.jsonl")}, QDir::Files);
    for (const QString& name : files) {
        bool number = false;
        const qint64 id = name.mid(4).section(QLatin1Char('.'), 0, 0).toLongLong(&number);
        if (!number || id >= firstKept)
            continue;
        auto owner = syncOfRun(id);
        if (!owner)
            return owner.error();
        if (*owner != sync && !owner->isEmpty()) // another sync's, or (empty) of a journal since deleted
            continue;
        const QString path = folder.filePath(name);
        if (!QFile::remove(path))
            return Error::io(QStringLiteral("cannot remove %1 (of run %2)").arg(path).arg(id));
        QFile::remove(path + QLatin1String("-journal"));
        ++removed;
    }
    if (removed > 0) {
        if (auto vacuumed = m_db.exec(QStringLiteral("PRAGMA incremental_vacuum")); !vacuumed)
            return Error::io(
                QStringLiteral("journal %1: cannot give freed pages back: %2").arg(m_path, vacuumed.error().message));
    }
    return removed;
}

} // namespace Ebb
