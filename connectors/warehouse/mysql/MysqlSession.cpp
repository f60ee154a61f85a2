#include "MysqlSession.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Ebb {

MysqlSession::MysqlSession()
    : m_connection(QStringLiteral("QMYSQL"))
{
}

Result<std::unique_ptr<MysqlSession>> MysqlSession::open(const MysqlSettings& settings)
{
    std::unique_ptr<MysqlSession> session(new MysqlSession);
    QSqlDatabase db = session->database();
    if (!db.isValid())
        return Error::config(QStringLiteral("Qt's MySQL driver (QMYSQL) is not installed: install libqt6sql6-mysql"));
    db.setHostName(settings.host);
    db.setPort(settings.port);
    db.setDatabaseName(settings.database);
    db.setUserName(settings.user);
    db.setPassword(settings.password);
    db.setConnectOptions(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1;MYSQL_OPT_READ_TIMEOUT=3600")
                             .arg(std::max(1, settings.connectTimeoutSeconds)));
    if (!db.open())
        return Error::database(db.lastError().databaseText().trimmed().isEmpty()
                ? db.lastError().text().trimmed()
                : db.lastError().databaseText().trimmed());
    QSqlQuery setup(db);
    for (const char* statement :
        {"SET NAMES utf8mb4", "SET time_zone = '+00:00'", "SET SESSION TRANSACTION READ ONLY"}) {
        if (!setup.exec(QString::fromLatin1(statement)))
            return Error::database(setup.lastError().databaseText().trimmed());
    }
    if (setup.exec(QStringLiteral("SELECT VERSION()")) && setup.next())
        session->m_version = setup.value(0).toString();
    return session;
}

} // namespace Ebb
