#include "SchemaFetcher.h"

#include "ConnectionTester.h"
#include "connectors/destinations/DestinationFactory.h"
#include "connectors/secrets/Redactor.h"
#include "connectors/warehouse/WarehouseFactory.h"

namespace Ebb {

SchemaFetcher::SchemaFetcher(QObject* parent)
    : QObject(parent)
    , m_worker(new QObject)
{
    qRegisterMetaType<Ebb::DestinationSchema>();
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("ebb-schema"));
    m_thread.start();
}

SchemaFetcher::~SchemaFetcher()
{
    m_thread.quit();
    m_thread.wait();
}

quint64 SchemaFetcher::fetch(const Workspace& workspace, const SyncSpec& sync)
{
    const quint64 generation = ++m_generation;
    // The job runs on the worker's thread; its answer comes back queued to this object.
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation, workspace, sync] {
            auto destination = DestinationFactory::create(workspace, sync);
            Result<DestinationSchema> schema
                = destination ? (*destination)->schema() : Result<DestinationSchema>(destination.error());
            if (schema)
                QMetaObject::invokeMethod(
                    this, [this, generation, s = *schema] { Q_EMIT ready(generation, s); }, Qt::QueuedConnection);
            else
                fail(generation, schema.error());
        },
        Qt::QueuedConnection);
    return generation;
}

quint64 SchemaFetcher::fetchObjects(const Workspace& workspace, const SyncSpec& sync)
{
    return fetchList(
        [workspace, sync]() -> Result<QStringList> {
            // Described, not written to: a table destination needs no object named for its list.
            auto destination = DestinationFactory::forDescribing(workspace, sync.destinationConnection, sync.object);
            if (!destination)
                return destination.error();
            return (*destination)->objects();
        },
        &SchemaFetcher::objectsReady);
}

quint64 SchemaFetcher::fetchTables(const Workspace& workspace, const QString& connectionId)
{
    return fetchList(
        [workspace, connectionId]() -> Result<QStringList> {
            const ConnectionSpec* connection = workspace.connection(connectionId);
            if (!connection)
                return Error::config(QStringLiteral("no connection \"%1\"").arg(connectionId));
            auto warehouse = WarehouseFactory::create(workspace, *connection);
            if (!warehouse)
                return warehouse.error();
            return (*warehouse)->tables();
        },
        &SchemaFetcher::tablesReady);
}

quint64 SchemaFetcher::fetchList(
    std::function<Result<QStringList>()> job, void (SchemaFetcher::*signal)(quint64, const QStringList&))
{
    const quint64 generation = ++m_generation;
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation, job = std::move(job), signal] {
            const Result<QStringList> list = job();
            if (list)
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, l = *list, signal] {
                        Q_EMIT(this->*signal)
                        (generation, l);
                    },
                    Qt::QueuedConnection);
            else
                fail(generation, list.error());
        },
        Qt::QueuedConnection);
    return generation;
}

quint64 SchemaFetcher::testConnection(const Workspace& workspace, const ConnectionSpec& connection)
{
    const quint64 generation = ++m_generation;
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation, workspace, connection] {
            const ConnectionTester::Outcome outcome = ConnectionTester::test(workspace, connection);
            QMetaObject::invokeMethod(
                this,
                [this, generation, id = connection.id, ok = outcome.status == ConnectionTester::Status::Ok,
                    text = Redactor::redact(outcome.text)] { Q_EMIT tested(generation, id, ok, text); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

// Called on the worker's thread; the answer goes back queued.
void SchemaFetcher::fail(quint64 generation, const Error& error)
{
    QMetaObject::invokeMethod(
        this, [this, generation, m = Redactor::redact(error.toString())] { Q_EMIT failed(generation, m); },
        Qt::QueuedConnection);
}

} // namespace Ebb
