#pragma once

#include "RowCursor.h"

#include <QString>

#include <memory>

namespace Ebb {

// A warehouse a sync reads from. A connector is created in, and used only by, the thread
// that runs the query (a rule for every database client library we use).
class WarehouseConnector
{
public:
    explicit WarehouseConnector(QString connectionId) : m_connectionId(std::move(connectionId)) {}
    virtual ~WarehouseConnector() = default;
    WarehouseConnector(const WarehouseConnector&) = delete;
    WarehouseConnector& operator=(const WarehouseConnector&) = delete;

    QString connectionId() const { return m_connectionId; }

    // Connects and returns the server's name and version.
    virtual Result<QString> test() = 0;
    // Column names and types of `sql` without running the whole query.
    virtual Result<QList<Column>> describe(const QString& sql) = 0;
    // Starts `sql` on a connection of its own and returns its rows as a stream.
    virtual Result<std::unique_ptr<RowCursor>> open(const QString& sql) = 0;

protected:
    // "connection "warehouse": <what the server said>"
    Error queryError(const QString& serverMessage, const QString& sql, int charPosition, const QString& detail = {}) const;
    Error connectionError(const QString& serverMessage) const;

private:
    QString m_connectionId;
};

// Strips what a warehouse would choke on when the query is embedded in another statement.
QString trimQuery(const QString& sql);

} // namespace Ebb
