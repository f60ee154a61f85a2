#include "PgConnection.h"

#include <QStringList>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

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
    const QByteArray host = settings.host.toUtf8();
    const QByteArray port = QByteArray::number(settings.port);
    const QByteArray database = settings.database.toUtf8();
    const QByteArray user = settings.user.toUtf8();
    const QByteArray password = settings.password.toUtf8();
    const QByteArray sslmode = settings.sslmode.toUtf8();
    const QByteArray timeout = QByteArray::number(settings.connectTimeoutSeconds);

    // UTC and ISO: the text the server renders (keys it sorts as text, types cast to text)
    // must not depend on the server's or the user's time zone settings.
    std::vector<const char*> keys{"host", "port", "dbname", "user", "sslmode", "connect_timeout",
                                  "client_encoding", "application_name", "options"};
    std::vector<const char*> values{host.constData(), port.constData(), database.constData(), user.constData(),
                                    sslmode.constData(), timeout.constData(), "UTF8", "ebb",
                                    "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c standard_conforming_strings=on"};
    if (!settings.password.isEmpty()) {
        keys.push_back("password");
        values.push_back(password.constData());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);

    PgConnection connection(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!connection.m_conn)
        return Error::database(QStringLiteral("out of memory"));
    if (PQstatus(connection.m_conn) != CONNECTION_OK)
        return Error::database(connection.errorMessage());
    // Server notices (NOTICE: drop cascades…) go to the debug log, not to stderr.
    PQsetNoticeProcessor(
        connection.m_conn, [](void*, const char* message) { spdlog::debug("postgres: {}", QByteArray(message).trimmed().constData()); },
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
