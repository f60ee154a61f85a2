#pragma once

#include "connectors/warehouse/QtSqlConnection.h"
#include "models/Result.h"

#include <QSqlDatabase>
#include <QString>

namespace Ebb {

// One ODBC connection through Qt SQL's QODBC driver, under a name of its own, closed and
// removed with this object. Made, used and destroyed by one thread (a Qt SQL rule).
class OdbcSession
{
public:
    // What the driver manager reports of the data source once connected.
    struct Server
    {
        QString dbms; // "PostgreSQL", "Snowflake", "Microsoft SQL Server"
        QString version;
        QString driver; // "psqlodbcw.so 13.02.0000"
    };

    // `connectionString` as the file has it; `password`, when given, is added as PWD.
    static Result<std::unique_ptr<OdbcSession>> open(
        const QString& connectionString, const QString& password, int connectTimeoutSeconds);

    QSqlDatabase database() const { return m_connection.database(); }
    const Server& server() const { return m_server; }
    bool isPostgres() const { return m_server.dbms.startsWith(QLatin1String("PostgreSQL")); }

private:
    OdbcSession();

    QtSqlConnection m_connection;
    Server m_server;
};

} // namespace Ebb
