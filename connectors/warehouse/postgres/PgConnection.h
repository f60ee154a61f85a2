#pragma once

#include "models/Result.h"

#include <QString>
#include <memory>

struct pg_conn;
struct pg_result;

namespace Ebb {

struct PgSettings
{
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString password; // resolved from its reference; never logged
    // verify-full unless the connection file (or PGSSLMODE) says otherwise: a server that
    // cannot prove who it is never sees the password (PgSettingsBuilder).
    QString sslmode = QStringLiteral("verify-full");
    QString sslrootcert; // empty: libpq's default (~/.postgresql/root.crt), or "system"
    QString sslcert;
    QString sslkey;
    bool channelBinding = false; // channel_binding=require: SCRAM bound to the TLS channel
    bool readOnly = false; // every transaction of the session READ ONLY (warehouse reads)
    int connectTimeoutSeconds = 10;
    int statementTimeoutSeconds = 0; // 0: the server's own
};

struct PgResultDeleter
{
    void operator()(pg_result* result) const;
};
using PgResultPtr = std::unique_ptr<pg_result, PgResultDeleter>;

// One libpq connection. PostgreSQL is spoken through libpq directly: QPSQL reaches only
// about a third of libpq's streaming speed (TOOLCHAIN.md), and binary COPY is faster still.
class PgConnection
{
public:
    ~PgConnection();
    PgConnection(PgConnection&& other) noexcept
        : m_conn(other.m_conn)
    {
        other.m_conn = nullptr;
    }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    PgConnection& operator=(PgConnection&&) = delete;

    // On failure the error is libpq's message, verbatim.
    static Result<PgConnection> connect(const PgSettings& settings);

    pg_conn* get() const { return m_conn; }
    QString errorMessage() const;

private:
    explicit PgConnection(pg_conn* conn)
        : m_conn(conn)
    {
    }

    pg_conn* m_conn = nullptr;
};

// The server's words for a failed result: primary message, then detail and hint lines.
struct PgServerError
{
    QString message;
    QString detail;
    int position = 0; // 1-based character position in the statement, 0 when not given
};
PgServerError serverError(const pg_result* result, const pg_conn* conn);

} // namespace Ebb
