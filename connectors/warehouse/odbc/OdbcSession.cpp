#include "OdbcSession.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <sql.h>
#include <sqlext.h>

namespace Ebb {

namespace {

QString info(SQLHDBC handle, SQLUSMALLINT what)
{
    SQLCHAR buffer[512] = {};
    SQLSMALLINT length = 0;
    if (!SQL_SUCCEEDED(SQLGetInfo(handle, what, buffer, sizeof(buffer), &length)))
        return {};
    return QString::fromUtf8(reinterpret_cast<const char*>(buffer), std::min<int>(length, sizeof(buffer) - 1));
}

// A value inside a connection string: braced when it holds a ';' or a brace (ODBC's rule).
QString attributeValue(const QString& value)
{
    if (!value.contains(QLatin1Char(';')) && !value.contains(QLatin1Char('{')) && !value.contains(QLatin1Char('}'))
        && value.trimmed() == value)
        return value;
    QString braced = value;
    braced.replace(QLatin1Char('}'), QStringLiteral("}}"));
    return QLatin1Char('{') + braced + QLatin1Char('}');
}

} // namespace

OdbcSession::OdbcSession()
    : m_connection(QStringLiteral("QODBC"))
{
}

Result<std::unique_ptr<OdbcSession>> OdbcSession::open(
    const QString& connectionString, const QString& password, int connectTimeoutSeconds)
{
    std::unique_ptr<OdbcSession> session(new OdbcSession);
    QSqlDatabase db = session->database();
    if (!db.isValid())
        return Error::config(QStringLiteral("Qt's ODBC driver (QODBC) is not installed: install libqt6sql6-odbc"));
    QString dsn = connectionString.trimmed();
    if (!dsn.endsWith(QLatin1Char(';')))
        dsn += QLatin1Char(';');
    if (!password.isEmpty())
        dsn += QStringLiteral("PWD=%1;").arg(attributeValue(password));
    db.setDatabaseName(dsn);
    db.setConnectOptions(QStringLiteral("SQL_ATTR_LOGIN_TIMEOUT=%1;SQL_ATTR_CONNECTION_TIMEOUT=%1")
                             .arg(std::max(1, connectTimeoutSeconds)));
    if (!db.open()) {
        // A driver may echo the connection string, password and all.
        QString message = db.lastError().databaseText().trimmed();
        if (message.isEmpty())
            message = db.lastError().text().trimmed();
        if (!password.isEmpty())
            message.replace(password, QStringLiteral("***"));
        return Error::database(message);
    }
    const QVariant handle = db.driver()->handle();
    if (handle.metaType() == QMetaType::fromType<SQLHANDLE>()) { // QODBC's HDBC

        const auto hdbc = *static_cast<const SQLHDBC*>(handle.data());
        session->m_server = {info(hdbc, SQL_DBMS_NAME), info(hdbc, SQL_DBMS_VER),
            QStringLiteral("%1 %2").arg(info(hdbc, SQL_DRIVER_NAME), info(hdbc, SQL_DRIVER_VER))};
    }
    // PostgreSQL behind ODBC: reads only, and timestamps in UTC, as the native connector.
    if (session->isPostgres()) {
        QSqlQuery setup(db);
        if (!setup.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))
            || !setup.exec(QStringLiteral("SET TIME ZONE 'UTC'")))
            return Error::database(setup.lastError().databaseText().trimmed());
    }
    return session;
}

} // namespace Ebb
