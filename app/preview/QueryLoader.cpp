#include "QueryLoader.h"

#include "connectors/warehouse/WarehouseFactory.h"

#include <QJsonDocument>
#include <QTimer>
#include <spdlog/spdlog.h>

namespace Ebb {

QueryLoader::~QueryLoader() = default;

void QueryLoader::start(quint64 generation, const Workspace& workspace, const QString& connectionId, const QString& sql)
{
    m_generation = generation;
    m_cursor.reset();
    m_parked = false;
    m_delivered = 0;
    m_sql = sql;
    const ConnectionSpec* connection = workspace.connection(connectionId);
    if (!connection) {
        Q_EMIT failed(generation, tr("There is no connection \"%1\" in this workspace.").arg(connectionId));
        return;
    }
    // Same root, id and settings: keep the connector (and its connection, until a query's
    // stream takes it along).
    const QString key = workspace.root + QLatin1Char('/') + QString::fromUtf8(QJsonDocument(connection->json).toJson());
    if (!m_connector || key != m_connectionKey) {
        auto connector = WarehouseFactory::create(workspace, *connection);
        if (!connector) {
            m_connector.reset();
            Q_EMIT failed(generation, connector.error().toString());
            return;
        }
        m_connector = std::move(*connector);
        m_connectionKey = key;
    }
    auto cursor = m_connector->open(sql);
    if (!cursor) {
        spdlog::warn(
            "the query on connection {} failed: {}", connectionId.toStdString(), cursor.error().message.toStdString());
        Q_EMIT failed(generation, cursor.error().toString());
        return;
    }
    m_cursor = std::move(*cursor);
    restartIdleTimer();
    Q_EMIT columnsReady(generation, m_cursor->columns());
}

void QueryLoader::restartIdleTimer()
{
    if (!m_idle) {
        m_idle = new QTimer(this);
        m_idle->setSingleShot(true);
        m_idle->setInterval(idleMs);
        connect(m_idle, &QTimer::timeout, this, &QueryLoader::park);
    }
    m_idle->start();
}

void QueryLoader::park()
{
    if (!m_cursor)
        return;
    m_cursor.reset(); // with it the statement, the transaction and the warehouse's locks
    m_parked = true;
}

void QueryLoader::fetch(quint64 generation, int rows)
{
    if (generation != m_generation || (!m_cursor && !m_parked))
        return; // asked for a query that has been replaced
    if (m_parked) {
        // Open again and pass over what the view already has (the same order: a query's
        // rows come back in the order they did, unless the data changed meanwhile).
        auto cursor = m_connector->open(m_sql); // parked cursors keep their connector
        if (!cursor) {
            m_parked = false;
            Q_EMIT failed(generation, cursor.error().toString());
            return;
        }
        m_cursor = std::move(*cursor);
        m_parked = false;
        for (qint64 skipped = 0; skipped < m_delivered && !m_cursor->atEnd();) {
            auto passed = m_cursor->next(int(std::min<qint64>(5000, m_delivered - skipped)));
            if (!passed || passed->rowCount() == 0)
                break;
            skipped += passed->rowCount();
        }
    }
    restartIdleTimer();
    auto batch = m_cursor->next(rows);
    if (!batch) {
        m_cursor.reset();
        Q_EMIT failed(generation, batch.error().toString());
        return;
    }
    const bool atEnd = m_cursor->atEnd();
    m_delivered += batch->rowCount();
    Q_EMIT rowsReady(generation, *batch, atEnd);
    if (atEnd)
        m_cursor.reset();
}

void QueryLoader::stop()
{
    m_cursor.reset();
    m_parked = false;
    m_connector.reset();
}

} // namespace Ebb
