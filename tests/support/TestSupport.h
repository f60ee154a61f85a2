#pragma once

#include "connectors/warehouse/WarehouseConnector.h"
#include "connectors/warehouse/postgres/PgConnection.h"

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

namespace Ebb::TestSupport {

// The throw-away PostgreSQL server scripts/setup.sh starts (EBB_TEST_PG_* variables).
bool hasPostgres();
PgSettings postgresSettings();
QJsonObject postgresConnectionJson(const QString& id); // password as env:EBB_TEST_PG_PASSWORD
// The throw-away MariaDB server scripts/setup.sh starts (EBB_TEST_MYSQL_* variables).
bool hasMysql();
QJsonObject mysqlConnectionJson(const QString& id); // password as env:EBB_TEST_MYSQL_PASSWORD
// Runs statements on the test MariaDB; "" when all went, else the failure. A SELECT's one
// value comes back as "=value".
QString execMysql(const QStringList& statements);
// The same server as an ODBC data source (psqlODBC), password as env:EBB_TEST_PG_PASSWORD.
QJsonObject odbcConnectionJson(const QString& id);
// The warehouse a connection file (as JSON, with its "id" and "kind") makes; null when it cannot.
std::unique_ptr<WarehouseConnector> warehouseFor(const QJsonObject& connection);
// Runs SQL on the test server; fails the test on error.
bool execPostgres(const QString& sql);
// One value from the test server as text, on a connection of its own (not through a
// connector); "<failed: …>" when the query fails or returns other than one row.
QString postgresText(const QString& sql);
// The first column of the first row of `sql` on the SQLite file `path`, opened read-only
// (what is stored, past the classes that wrote it); -1 on error or no row.
qint64 sqliteScalar(const QString& path, const char* sql);
// Every row of `sql`, read through a connector's open() and next() in batches of `batchSize`.
Result<QList<QVariantList>> fetchAll(WarehouseConnector& warehouse, const QString& sql, int batchSize = 1000);

// Resident set size of this process now, in bytes (from /proc/self/status).
qint64 currentRss();

// Writes `content` to `folder/relative`, creating folders.
void writeFile(const QString& folder, const QString& relative, const QByteArray& content);

} // namespace Ebb::TestSupport

// Fails the test with a clear message when the PostgreSQL server is missing.
#define EBB_REQUIRE_POSTGRES()                                                                                         \
    do {                                                                                                               \
        if (!Ebb::TestSupport::hasPostgres())                                                                          \
            QFAIL("EBB_TEST_PG_* is not set: run the tests through scripts/setup.sh test, which starts PostgreSQL");   \
    } while (false)
