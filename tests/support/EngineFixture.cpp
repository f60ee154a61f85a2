#include "EngineFixture.h"

#include "TestSupport.h"
#include "app/engine/PreviewRunner.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/postgres/PgConnection.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <libpq-fe.h>

namespace Ebb::TestSupport {

EngineFixture::EngineFixture(const QString& schema)
    : m_schema(schema)
{
    writeFile(m_dir.path(), QStringLiteral("ebb.json"), R"({"version": 1, "name": "engine-test"})");
    const QJsonObject pg = postgresConnectionJson(QStringLiteral("pg"));
    writeFile(m_dir.path(), QStringLiteral("connections/pg.json"), QJsonDocument(pg).toJson());
    if (hasMysql())
        writeFile(m_dir.path(), QStringLiteral("connections/my.json"),
            QJsonDocument(mysqlConnectionJson(QStringLiteral("my"))).toJson());
    writeFile(m_dir.path(), QStringLiteral("connections/odbc.json"),
        QJsonDocument(odbcConnectionJson(QStringLiteral("odbc"))).toJson());
    writeFile(m_dir.path(), QStringLiteral("connections/out.json"),
        R"({"kind": "file", "path": "out/rows.jsonl", "format": "jsonl"})");
    writeFile(
        m_dir.path(), QStringLiteral("connections/lite.json"), R"({"kind": "sqlite", "path": "warehouse.sqlite"})");
}

QString EngineFixture::path(const QString& relative) const
{
    return QDir(m_dir.path()).filePath(relative);
}

void EngineFixture::writeSync(const QString& id, const QJsonObject& json)
{
    writeFile(m_dir.path(), QStringLiteral("syncs/%1.json").arg(id), QJsonDocument(json).toJson());
}

RunReport EngineFixture::run(
    const QString& sync, RunOptions options, RunObserver* observer, const std::atomic_bool* cancel)
{
    auto workspace = WorkspaceLoader::load(m_dir.path());
    if (!workspace) {
        qWarning("%s", qPrintable(workspace.error().toString()));
        return {};
    }
    SyncRunner runner(*workspace, *workspace->sync(sync), options, observer, cancel);
    return runner.run();
}

EngineFixture::Prediction EngineFixture::checkPrediction(const QString& sync)
{
    Prediction result;
    auto workspace = WorkspaceLoader::load(m_dir.path());
    if (!workspace) {
        result.error = workspace.error().toString();
        return result;
    }
    auto preview = PreviewRunner::run(*workspace, *workspace->sync(sync), 100000);
    if (!preview) {
        result.error = preview.error().toString();
        return result;
    }
    for (const PreviewRunner::Item& item : preview->items) {
        if (item.change == QLatin1String("rejected"))
            result.predicted.insert(item.key);
    }
    RunOptions unchecked;
    unchecked.validate = false;
    const RunReport sent = run(sync, unchecked);
    auto failures = journal()->failures(sync, sent.runId);
    if (!failures) {
        result.error = failures.error().toString();
        return result;
    }
    for (const Reject& failure : *failures)
        result.refused.insert(failure.key);
    return result;
}

std::unique_ptr<Journal> EngineFixture::journal()
{
    return std::move(*Journal::open(path(QStringLiteral(".ebb/journal.sqlite"))));
}

qint64 pgScalar(const QString& sql)
{
    auto connection = PgConnection::connect(postgresSettings());
    if (!connection)
        return -1;
    PgResultPtr result(PQexec(connection->get(), sql.toUtf8().constData()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        qWarning("%s", PQresultErrorMessage(result.get()));
        return -1;
    }
    return QByteArray(PQgetvalue(result.get(), 0, 0)).toLongLong();
}

QJsonObject withSetting(QJsonObject sync, const QString& section, const QString& key, const QJsonValue& value)
{
    QJsonObject object = sync.value(section).toObject();
    object.insert(key, value);
    sync.insert(section, object);
    return sync;
}

QJsonObject withTransform(QJsonObject sync, int index, const QString& transform)
{
    QJsonArray mappings = sync.value(QStringLiteral("mappings")).toArray();
    QJsonObject mapping = mappings[index].toObject();
    QJsonArray transforms = mapping.value(QStringLiteral("transforms")).toArray();
    transforms.append(transform);
    mapping.insert(QStringLiteral("transforms"), transforms);
    mappings[index] = mapping;
    sync.insert(QStringLiteral("mappings"), mappings);
    return sync;
}

bool resetSrcAndDst(const QString& schema, int rows)
{
    return execPostgres(QStringLiteral(
        "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
        "CREATE TABLE %1.src AS SELECT g AS id, ' User' || g || '@Example.com ' AS email, 'Name ' || g AS name,"
        "  (g % 100) AS score, timestamptz '2026-01-01 00:00:00+00' + (g || ' minutes')::interval AS updated_at"
        "  FROM generate_series(1, %2) g;"
        "CREATE TABLE %1.dst (id bigint PRIMARY KEY, email text NOT NULL, name varchar(40), score int CHECK (score "
        "BETWEEN 0 AND 100), updated_at timestamptz)")
                            .arg(schema)
                            .arg(rows));
}

qint64 srcDstMismatches(const QString& schema)
{
    return pgScalar(
        QStringLiteral("SELECT count(*) FROM %1.src s FULL JOIN %1.dst d USING (id)"
                       " WHERE s.id IS NULL OR d.id IS NULL OR lower(trim(s.email)) IS DISTINCT FROM d.email"
                       "    OR s.name IS DISTINCT FROM d.name OR s.score IS DISTINCT FROM d.score OR s.updated_at "
                       "IS DISTINCT FROM d.updated_at")
            .arg(schema));
}

QJsonObject pgSync(const QString& schema, const QString& mode, const QJsonObject& guards)
{
    QJsonObject sync{{QStringLiteral("source"),
                         QJsonObject{{QStringLiteral("connection"), QStringLiteral("pg")},
                             {QStringLiteral("query"),
                                 QStringLiteral("SELECT id, email, name, score, updated_at FROM %1.src").arg(schema)},
                             {QStringLiteral("primaryKey"), QStringLiteral("id")}}},
        {QStringLiteral("destination"),
            QJsonObject{{QStringLiteral("connection"), QStringLiteral("pg")},
                {QStringLiteral("object"), schema + QStringLiteral(".dst")}, {QStringLiteral("mode"), mode},
                {QStringLiteral("matchField"), QStringLiteral("id")}}},
        {QStringLiteral("mappings"),
            QJsonDocument::fromJson(R"([{"source": "id", "target": "id"},
            {"source": "email", "target": "email", "transforms": ["trim", "lower"]},
            {"source": "name", "target": "name"}, {"source": "score", "target": "score"},
            {"source": "updated_at", "target": "updated_at"}])")
                .array()}};
    if (!guards.isEmpty())
        sync.insert(QStringLiteral("guards"), guards);
    return sync;
}

} // namespace Ebb::TestSupport
