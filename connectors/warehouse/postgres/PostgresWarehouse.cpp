#include "PostgresWarehouse.h"

#include "PgTypes.h"
#include "PostgresCursor.h"

#include <libpq-fe.h>

namespace Ebb {

PostgresWarehouse::PostgresWarehouse(QString connectionId, PgSettings settings)
    : WarehouseConnector(std::move(connectionId)), m_settings(std::move(settings))
{
}

Result<PgConnection*> PostgresWarehouse::control()
{
    if (m_control && PQstatus(m_control->get()) == CONNECTION_OK)
        return &*m_control;
    m_control.reset();
    auto connection = PgConnection::connect(m_settings);
    if (!connection)
        return connectionError(connection.error().message);
    m_control.emplace(std::move(*connection));
    return &*m_control;
}

Result<QString> PostgresWarehouse::test()
{
    auto connection = control();
    if (!connection)
        return connection.error();
    PgResultPtr result(PQexec((*connection)->get(), "SELECT version()"));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        return connectionError(serverError(result.get(), (*connection)->get()).message);
    return QString::fromUtf8(PQgetvalue(result.get(), 0, 0));
}

Result<PostgresWarehouse::Description> PostgresWarehouse::describeOn(PgConnection& connection, const QString& sql)
{
    // Preparing the unnamed statement parses and plans the query without running it.
    const QString query = trimQuery(sql);
    PgResultPtr prepared(PQprepare(connection.get(), "", query.toUtf8().constData(), 0, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
        const PgServerError error = serverError(prepared.get(), connection.get());
        return queryError(error.message, query, error.position, error.detail);
    }
    PgResultPtr described(PQdescribePrepared(connection.get(), ""));
    if (PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
        const PgServerError error = serverError(described.get(), connection.get());
        return queryError(error.message, query, error.position, error.detail);
    }
    Description description;
    const int count = PQnfields(described.get());
    if (count == 0)
        return queryError(QStringLiteral("the statement returns no rows; a sync's source must be a query"), query, 0);
    for (int i = 0; i < count; ++i) {
        const unsigned oid = PQftype(described.get(), i);
        const int typmod = PQfmod(described.get(), i);
        description.columns.append({QString::fromUtf8(PQfname(described.get(), i)), PgTypes::valueType(oid),
                                    PgTypes::nativeName(oid, typmod)});
        description.oids.push_back(oid);
    }
    return description;
}

Result<QList<Column>> PostgresWarehouse::describe(const QString& sql)
{
    auto connection = control();
    if (!connection)
        return connection.error();
    auto description = describeOn(**connection, sql);
    if (!description)
        return description.error();
    return description->columns;
}

Result<std::unique_ptr<RowCursor>> PostgresWarehouse::open(const QString& sql)
{
    auto connection = PgConnection::connect(m_settings);
    if (!connection)
        return connectionError(connection.error().message);
    auto description = describeOn(*connection, sql);
    if (!description)
        return description.error();

    // Types without a binary decoder here (enums, arrays, intervals…) are cast to text by
    // the server; the column aliases also make duplicate column names harmless.
    const QString query = trimQuery(sql);
    QString copy;
    bool allBinary = true;
    for (const unsigned oid : description->oids)
        allBinary = allBinary && PgTypes::hasBinaryDecoder(oid);
    if (allBinary) {
        copy = QStringLiteral("COPY (\n%1\n) TO STDOUT (FORMAT binary)").arg(query);
    } else {
        QStringList aliases, selected;
        for (size_t i = 0; i < description->oids.size(); ++i) {
            const QString alias = QStringLiteral("c%1").arg(i);
            aliases << alias;
            if (PgTypes::hasBinaryDecoder(description->oids[i])) {
                selected << alias;
            } else {
                selected << alias + QStringLiteral("::text");
                description->oids[i] = PgTypes::Text;
                description->columns[qsizetype(i)].type = ValueType::Text;
            }
        }
        copy = QStringLiteral("COPY (SELECT %1 FROM (\n%2\n) AS ebb_source(%3)) TO STDOUT (FORMAT binary)")
                   .arg(selected.join(QLatin1String(", ")), query, aliases.join(QLatin1String(", ")));
    }
    PgResultPtr started(PQexec(connection->get(), copy.toUtf8().constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_OUT) {
        const PgServerError error = serverError(started.get(), connection->get());
        return queryError(error.message, query, 0, error.detail);
    }
    return std::unique_ptr<RowCursor>(std::make_unique<PostgresCursor>(
        std::move(*connection), std::move(description->columns), std::move(description->oids), connectionId()));
}

} // namespace Ebb
