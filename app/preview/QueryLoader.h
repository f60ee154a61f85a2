#pragma once

#include "connectors/warehouse/WarehouseConnector.h"
#include "models/RowBatch.h"
#include "models/Workspace.h"

#include <QObject>
#include <memory>

class QTimer;

namespace Ebb {

// Runs preview queries on a worker thread: it owns the connector and the cursor, both
// created in that thread, and hands rows out in chunks as the view asks for them.
//
// A cursor left open holds the warehouse: a SQLite reader's lock stops every writer of the
// file (the user's own loads), a PostgreSQL transaction holds its snapshot. So a cursor the
// view has not asked anything of for `idleMs` is closed, and the next fetch opens the query
// again and passes over the rows already shown.
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

public:
    static constexpr int idleMs = 2000;

Q_SIGNALS:
    void columnsReady(quint64 generation, const QList<Ebb::Column>& columns);
    void rowsReady(quint64 generation, const Ebb::RowBatch& batch, bool atEnd);
    void failed(quint64 generation, const QString& message);

private:
    quint64 m_generation = 0;
    std::unique_ptr<WarehouseConnector> m_connector;
    std::unique_ptr<RowStream> m_cursor;
    QString m_sql;
    qint64 m_delivered = 0; // rows handed out for this query
    bool m_parked = false; // the cursor was closed while idle; fetch() opens the query again
    QTimer* m_idle = nullptr; // made on the loader's thread
    void park();
    void restartIdleTimer();
    QString m_connectionKey; // the connector is reused while the connection stays the same
};

} // namespace Ebb
