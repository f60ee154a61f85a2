#include "QueryLoader.h"

#include "connectors/warehouse/WarehouseFactory.h"

#include <QJsonDocument>
#include <spdlog/spdlog.h>

namespace Ebb {

QueryLoader::~QueryLoader() = default;

void QueryLoader::start(quint64 generation, const Workspace& workspace, const QString& connectionId, const QString& sql)
{
    m_generation = generation;
    m_cursor.reset();
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
            "preview of connection {} failed: {}", connectionId.toStdString(), cursor.error().message.toStdString());
        Q_EMIT failed(generation, cursor.error().toString());
        return;
    }
    m_cursor = std::move(*cursor);
    Q_EMIT columnsReady(generation, m_cursor->columns());
}

void QueryLoader::fetch(quint64 generation, int rows)
{
    if (generation != m_generation || !m_cursor)
        return; // asked for a query that has been replaced
    auto batch = m_cursor->next(rows);
    if (!batch) {
        m_cursor.reset();
        Q_EMIT failed(generation, batch.error().toString());
        return;
    }
    const bool atEnd = m_cursor->atEnd();
    Q_EMIT rowsReady(generation, *batch, atEnd);
    if (atEnd)
        m_cursor.reset();
}

void QueryLoader::stop()
{
    m_cursor.reset();
    m_connector.reset();
}

} // namespace Ebb
