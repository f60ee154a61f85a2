#pragma once

#include "PgConnection.h"
#include "connectors/warehouse/ChangeState.h"

#include <QByteArray>
#include <mutex>
#include <vector>

namespace Ebb {

// A sync's state table in a PostgreSQL warehouse (ChangeState), written through a session
// of its own that may write (the warehouse's reading sessions are read-only). Made on first
// use: the schema when missing (a role that may not create it is told which schema to make
// and grant), then the table, keyed like the query's key column.
class PgChangeState : public ChangeState
{
public:
    // `query`: the user's query as embedded; `key`: its key column, quoted.
    static Result<std::unique_ptr<PgChangeState>> open(const QString& connectionId, PgSettings settings,
        const QString& schema, const QString& table, const QString& query, const QString& key);

    QString name() const override { return m_qualified; }
    bool wasEmpty() const override { return m_wasEmpty; }
    qint64 keysAtOpen() const override { return m_keysAtOpen; }
    void acknowledge(const QString& key, qint64 hash) override;
    void forget(const QString& key) override;
    Result<void> flush() override;
    void discard() override;

private:
    PgChangeState(QString connectionId, PgConnection connection, QString schema, QString qualified);
    Result<void> prepare(const QString& query, const QString& key);
    Error error(const QString& what, const pg_result* result) const;
    Result<void> exec(const QString& sql, const QString& what);

    struct Entry
    {
        QByteArray key; // UTF-8
        qint64 hash = 0;
        bool forget = false;
    };
    // The entries as COPY's rows: key, hash, forget.
    static QByteArray copyRows(const std::vector<Entry>& entries, bool withForget);
    Result<void> copy(const QString& sql, const std::vector<Entry>& entries, bool withForget, const QString& what);
    // Into an empty state, straight in; false when that did not go (the caller merges).
    bool appendToEmpty(const std::vector<Entry>& entries);
    Result<void> merge(const std::vector<Entry>& entries);

    QString m_connectionId;
    PgConnection m_connection;
    QString m_schema;
    QString m_qualified;
    std::mutex m_mutex; // acknowledge() and forget() come from the reader and the writer
    std::vector<Entry> m_pending; // in the order queued; a later word on a key wins
    bool m_staged = false;
    bool m_wasEmpty = true;
    mutable QByteArray m_lastState; // the SQLSTATE of the last failure error() described
    qint64 m_keysAtOpen = 0;
};

} // namespace Ebb
