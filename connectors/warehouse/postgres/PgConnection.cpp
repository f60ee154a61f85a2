#include "PgConnection.h"

#include <QStringList>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <utility>
#include <vector>

namespace Ebb {

void PgResultDeleter::operator()(pg_result* result) const
{
    PQclear(result);
}

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

Result<PgConnection> PgConnection::connect(const PgSettings& settings)
{
    // UTC and ISO: the text the server renders (keys it sorts as text, types cast to text)
    // must not depend on the server's or the user's time zone settings.
    QByteArray options
        = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c standard_conforming_strings=on";
    if (settings.readOnly) // a query that writes (DELETE … RETURNING in a CTE) fails instead
        options += " -c default_transaction_read_only=on";
    if (settings.statementTimeoutSeconds > 0)
        options += " -c statement_timeout=" + QByteArray::number(qint64(settings.statementTimeoutSeconds) * 1000);
    // Keepalives and a TCP user timeout: a server or path that goes silent fails the run after
    // about a minute instead of holding it (and its lock) for ever.
    std::vector<std::pair<const char*, QByteArray>> parameters{
        {"host", settings.host.toUtf8()},
        {"port", QByteArray::number(settings.port)},
        {"dbname", settings.database.toUtf8()},
        {"user", settings.user.toUtf8()},
        {"sslmode", settings.sslmode.toUtf8()},
        {"connect_timeout", QByteArray::number(settings.connectTimeoutSeconds)},
        {"client_encoding", "UTF8"},
        {"application_name", "ebb"},
        {"options", options},
        {"keepalives", "1"},
        {"keepalives_idle", "30"},
        {"keepalives_interval", "10"},
        {"keepalives_count", "3"},
        {"tcp_user_timeout", "60000"},
    };
    if (!settings.sslrootcert.isEmpty())
        parameters.emplace_back("sslrootcert", settings.sslrootcert.toUtf8());
    if (!settings.sslcert.isEmpty())
        parameters.emplace_back("sslcert", settings.sslcert.toUtf8());
    if (!settings.sslkey.isEmpty())
        parameters.emplace_back("sslkey", settings.sslkey.toUtf8());
    if (settings.channelBinding)
        parameters.emplace_back("channel_binding", "require");
    if (!settings.password.isEmpty())
        parameters.emplace_back("password", settings.password.toUtf8());
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [key, value] : parameters) {
        keys.push_back(key);
        values.push_back(value.constData());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);

    PgConnection connection(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!connection.m_conn)
        return Error::database(QStringLiteral("out of memory"));
    if (PQstatus(connection.m_conn) != CONNECTION_OK) {
        QString message = connection.errorMessage();
        // Ebb verifies the server by default (sslmode=verify-full); say how to get there.
        if (message.contains(QLatin1String("root certificate file")))
            message
                += QStringLiteral("\nSet \"sslrootcert\" in the connection file to the CA certificate that signed the "
                                  "server's certificate (sslmode is %1).")
                       .arg(settings.sslmode);
        else if (message.contains(QLatin1String("does not support SSL")))
            message += QStringLiteral(
                "\nThe server offers no TLS, so the password would travel in plain text. Enable TLS on "
                "the server, or set \"sslmode\": \"disable\" in the connection file if the network "
                "is trusted.");
        return Error::database(message);
    }
    // Server notices (NOTICE: drop cascades…) go to the debug log, not to stderr.
    PQsetNoticeProcessor(
        connection.m_conn,
        [](void*, const char* message) { spdlog::debug("postgres: {}", QByteArray(message).trimmed().constData()); },
        nullptr);
    return connection;
}

QString PgConnection::errorMessage() const
{
    return QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
}

PgServerError serverError(const pg_result* result, const pg_conn* conn)
{
    PgServerError error;
    if (!result) {
        error.message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        return error;
    }
    const auto field = [&](int code) { return QString::fromUtf8(PQresultErrorField(result, code)); };
    error.message = field(PG_DIAG_MESSAGE_PRIMARY);
    if (error.message.isEmpty())
        error.message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    QStringList extra;
    if (const QString detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.isEmpty())
        extra << QStringLiteral("DETAIL: ") + detail;
    if (const QString hint = field(PG_DIAG_MESSAGE_HINT); !hint.isEmpty())
        extra << QStringLiteral("HINT: ") + hint;
    if (const QString state = field(PG_DIAG_SQLSTATE); !state.isEmpty())
        extra << QStringLiteral("SQLSTATE: ") + state;
    error.detail = extra.join(QLatin1Char('\n'));
    error.position = field(PG_DIAG_STATEMENT_POSITION).toInt();
    return error;
}

} // namespace Ebb
