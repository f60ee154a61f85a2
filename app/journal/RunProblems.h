#pragma once

#include "StatementCache.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/Result.h"
#include "models/mapping/Reject.h"

#include <QList>
#include <QString>
#include <memory>

namespace Ebb {

// The rejects and failures of one run, in a file of their own next to the journal
// (.ebb/problems/run-<id>.sqlite). They are a run's report, not the sync's state, and can be
// large (every row of a broken mapping, with its values): written into the journal's WAL they
// were written twice (WAL, then checkpoint) with two indexes each, and forgetting an old run
// meant deleting rows and vacuuming. Here a run appends to its own file in rollback-journal
// mode, where pages added at the end are written once, and forgetting a run removes a file.
//
// Writes are batched: a transaction stays open until commit(), or until it holds
// `batchRows` entries. Journal commits this before its own transaction, so a record the
// journal marks as rejected or failed never lacks its reason.
class RunProblems
{
public:
    static constexpr int batchRows = 16384;

    // Creates (or reopens, after a crash) the file at `path`; ":memory:" keeps it in memory.
    static Result<std::unique_ptr<RunProblems>> create(const QString& path);
    // Opens a run's file to read it; nullptr when there is no such file.
    static Result<std::unique_ptr<RunProblems>> openForReading(const QString& path);

    Result<void> addReject(const Reject& reject);
    Result<void> addFailure(const QString& key, const QString& message, const QByteArray& payload);
    Result<void> commit();
    void rollback(); // drops what was added since the last commit

    // The first `limit` (-1: all), in the order they were found.
    Result<QList<Reject>> rejects(int limit = -1) const;
    Result<QList<Reject>> failures(int limit = -1) const; // as rejects: rule "failed", no field or value

    // Rejects from a statement's rows: key, field, rule, message, value, payload, value_at
    // (the journal's own rejects table, from before this file, has the same columns).
    static Result<QList<Reject>> readRows(sqlite3_stmt* stmt, int limit = -1);

    ~RunProblems(); // keeps what was added (a run that stops early keeps its reasons)
    RunProblems(const RunProblems&) = delete;
    RunProblems& operator=(const RunProblems&) = delete;

private:
    RunProblems(SqliteHandle db, QString path);
    Result<void> begin();
    Result<sqlite3_stmt*> statement(const char* sql) const;
    // Binds text that repeats from row to row (a field, a rule) without converting it again.
    void bindRepeated(sqlite3_stmt* stmt, int index, const QString& text, QString& last, QByteArray& lastUtf8);
    Result<QList<Reject>> read(const char* sql, int limit) const;
    Error error(const QString& what) const;

    SqliteHandle m_db;
    QString m_path;
    mutable StatementCache m_statements;
    int m_pending = 0; // entries in the open transaction; 0: none open
    sqlite3_stmt* m_insertReject = nullptr; // owned by m_statements; every parameter bound per row
    QString m_lastField, m_lastRule;
    QByteArray m_lastFieldUtf8, m_lastRuleUtf8;
};

} // namespace Ebb
