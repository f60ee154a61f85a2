#pragma once

#include "connectors/warehouse/WarehouseConnector.h"
#include "models/RowBatch.h"
#include "models/Workspace.h"

#include <QObject>
#include <memory>

namespace Ebb {

// Runs preview queries on a worker thread: it owns the connector and the cursor, both
// created in that thread, and hands rows out in chunks as the view asks for them.
class QueryLoader : public QObject
{
    Q_OBJECT

public:
    QueryLoader() = default;
    ~QueryLoader() override;

public:
    void start(quint64 generation, const Ebb::Workspace& workspace, const QString& connectionId, const QString& sql);

public Q_SLOTS:
    void fetch(quint64 generation, int rows);
    void stop();

Q_SIGNALS:
    void columnsReady(quint64 generation, const QList<Ebb::Column>& columns);
    void rowsReady(quint64 generation, const Ebb::RowBatch& batch, bool atEnd);
    void failed(quint64 generation, const QString& message);

private:
    quint64 m_generation = 0;
    std::unique_ptr<WarehouseConnector> m_connector;
    std::unique_ptr<RowCursor> m_cursor;
    QString m_connectionKey; // the connector is reused while the connection stays the same
};

} // namespace Ebb
