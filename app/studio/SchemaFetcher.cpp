#include "SchemaFetcher.h"

#include "connectors/destinations/DestinationFactory.h"
#include "connectors/secrets/Redactor.h"

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
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, m = Redactor::redact(schema.error().toString())] {
                        Q_EMIT failed(generation, m);
                    },
                    Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

} // namespace Ebb
