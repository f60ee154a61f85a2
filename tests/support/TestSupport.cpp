#include "TestSupport.h"

#include "connectors/warehouse/WarehouseFactory.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <libpq-fe.h>
#include <sqlite3.h>

namespace Ebb::TestSupport {

bool hasPostgres()
{
    return qEnvironmentVariableIsSet("EBB_TEST_PG_PORT") && qEnvironmentVariableIsSet("EBB_TEST_PG_PASSWORD");
}

PgSettings postgresSettings()
{
    PgSettings settings;
    settings.host = qEnvironmentVariable("EBB_TEST_PG_HOST", QStringLiteral("127.0.0.1"));
    settings.port = qEnvironmentVariableIntValue("EBB_TEST_PG_PORT");
    settings.database = qEnvironmentVariable("EBB_TEST_PG_DATABASE", QStringLiteral("ebb_test"));
    settings.user = qEnvironmentVariable("EBB_TEST_PG_USER", QStringLiteral("ebb"));
    settings.password = qEnvironmentVariable("EBB_TEST_PG_PASSWORD");
    settings.sslmode = QStringLiteral("disable");
    return settings;
}

QJsonObject postgresConnectionJson(const QString& id)
{
    const PgSettings s = postgresSettings();
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("kind"), QStringLiteral("postgres")},
        {QStringLiteral("host"), s.host}, {QStringLiteral("port"), s.port}, {QStringLiteral("database"), s.database},
        {QStringLiteral("user"), s.user}, {QStringLiteral("password"), QStringLiteral("env:EBB_TEST_PG_PASSWORD")},
        {QStringLiteral("sslmode"), QStringLiteral("disable")}};
}

std::unique_ptr<WarehouseConnector> warehouseFor(const QJsonObject& connection)
{
    ConnectionSpec spec;
    spec.id = connection.value(QStringLiteral("id")).toString();
    spec.kind = connection.value(QStringLiteral("kind")).toString();
    spec.json = connection;
    auto made = WarehouseFactory::create(Workspace(), spec);
    return made ? std::move(*made) : nullptr;
}

bool hasMysql()
{
    return !qEnvironmentVariable("EBB_TEST_MYSQL_PORT").isEmpty();
}

QJsonObject mysqlConnectionJson(const QString& id)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("kind"), QStringLiteral("mysql")},
        {QStringLiteral("host"), qEnvironmentVariable("EBB_TEST_MYSQL_HOST")},
        {QStringLiteral("port"), qEnvironmentVariable("EBB_TEST_MYSQL_PORT").toInt()},
        {QStringLiteral("database"), qEnvironmentVariable("EBB_TEST_MYSQL_DATABASE")},
        {QStringLiteral("user"), qEnvironmentVariable("EBB_TEST_MYSQL_USER")},
        {QStringLiteral("password"), QStringLiteral("env:EBB_TEST_MYSQL_PASSWORD")}};
}

QString execMysql(const QStringList& statements)
{
    const QString name = QStringLiteral("ebb-test-mysql");
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
        db.setHostName(qEnvironmentVariable("EBB_TEST_MYSQL_HOST"));
        db.setPort(qEnvironmentVariable("EBB_TEST_MYSQL_PORT").toInt());
        db.setDatabaseName(qEnvironmentVariable("EBB_TEST_MYSQL_DATABASE"));
        db.setUserName(qEnvironmentVariable("EBB_TEST_MYSQL_USER"));
        db.setPassword(qEnvironmentVariable("EBB_TEST_MYSQL_PASSWORD"));
        if (!db.open())
            failure = db.lastError().text();
        QSqlQuery q(db);
        for (const QString& statement : statements) {
            if (!failure.isEmpty())
                break;
            if (!q.exec(statement))
                failure = statement + QStringLiteral(": ") + q.lastError().text();
            else if (q.isSelect() && q.next())
                failure = QStringLiteral("=") + q.value(0).toString(); // a SELECT's one value
        }
    }
    QSqlDatabase::removeDatabase(name);
    return failure;
}

QJsonObject odbcConnectionJson(const QString& id)
{
    const PgSettings s = postgresSettings();
    // psqlODBC's Unicode driver (Debian's odbc-postgresql registers it); booleans as booleans.
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("kind"), QStringLiteral("odbc")},
        {QStringLiteral("connectionString"),
            QStringLiteral("Driver={PostgreSQL Unicode};Server=%1;Port=%2;Database=%3;Uid=%4;SSLmode=disable;"
                           "BoolsAsChar=0")
                .arg(s.host)
                .arg(s.port)
                .arg(s.database, s.user)},
        {QStringLiteral("password"), QStringLiteral("env:EBB_TEST_PG_PASSWORD")}};
}

bool execPostgres(const QString& sql)
{
    auto connection = PgConnection::connect(postgresSettings());
    if (!connection) {
        qWarning("cannot connect: %s", qPrintable(connection.error().message));
        return false;
    }
    PgResultPtr result(PQexec(connection->get(), sql.toUtf8().constData()));
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        qWarning("SQL failed: %s", PQresultErrorMessage(result.get()));
        return false;
    }
    return true;
}

QString postgresText(const QString& sql)
{
    auto connection = PgConnection::connect(postgresSettings());
    if (!connection)
        return QStringLiteral("<cannot connect: %1>").arg(connection.error().message);
    PgResultPtr result(PQexec(connection->get(), sql.toUtf8().constData()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1)
        return QStringLiteral("<failed: %1>").arg(QString::fromUtf8(PQresultErrorMessage(result.get())));
    return QString::fromUtf8(PQgetvalue(result.get(), 0, 0));
}

Result<QList<QVariantList>> fetchAll(WarehouseConnector& warehouse, const QString& sql, int batchSize)
{
    auto cursor = warehouse.open(sql);
    if (!cursor)
        return cursor.error();
    QList<QVariantList> rows;
    while (true) {
        auto batch = (*cursor)->next(batchSize);
        if (!batch)
            return batch.error();
        if (batch->isEmpty())
            break;
        for (int r = 0; r < batch->rowCount(); ++r)
            rows.append(batch->row(r));
    }
    return rows;
}

qint64 currentRss()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

void writeFile(const QString& folder, const QString& relative, const QByteArray& content)
{
    const QString path = QDir(folder).filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

qint64 sqliteScalar(const QString& path, const char* sql)
{
    auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadOnly);
    if (!db)
        return -1;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db->get(), sql, -1, &raw, nullptr) != SQLITE_OK)
        return -1;
    const SqliteStatement stmt(raw);
    return sqlite3_step(raw) == SQLITE_ROW ? sqlite3_column_int64(raw, 0) : -1;
}

} // namespace Ebb::TestSupport
