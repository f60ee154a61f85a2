#pragma once

#include "connectors/warehouse/QtSqlConnection.h"
#include "models/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace Ebb {

// Where and how a MySQL or MariaDB server is reached.
struct MysqlSettings
{
    QString host;
    int port = 3306;
    QString database;
    QString user;
    QString password; // resolved from its reference; never logged
    int connectTimeoutSeconds = 15;
};

// One connection to MySQL or MariaDB through Qt SQL's QMYSQL driver, under a name of its
// own, closed and removed with this object; reads only, UTF-8, the session's clock in UTC.
// Made, used and destroyed by one thread (a Qt SQL rule).
class MysqlSession
{
public:
    static Result<std::unique_ptr<MysqlSession>> open(const MysqlSettings& settings);

    QSqlDatabase database() const { return m_connection.database(); }
    const QString& version() const { return m_version; } // "10.11.19-MariaDB-0+deb12u1"

private:
    MysqlSession();

    QtSqlConnection m_connection;
    QString m_version;
};

} // namespace Ebb
