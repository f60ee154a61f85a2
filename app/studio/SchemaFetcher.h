#pragma once

#include "models/Workspace.h"
#include "models/destination/DestinationSchema.h"

#include <QObject>
#include <QThread>

Q_DECLARE_METATYPE(Ebb::DestinationSchema)

namespace Ebb {

// Describes a sync's destination object (its fields and rules, as `ebb-cli schema` lists
// them) on a thread of its own: a destination may be a database or an API across the
// network, and the GUI thread never waits on either. Answers carry the generation they were
// asked for; a caller drops those it no longer wants.
class SchemaFetcher : public QObject
{
    Q_OBJECT

public:
    explicit SchemaFetcher(QObject* parent = nullptr);
    ~SchemaFetcher() override;

    // Returns the generation the answer will carry.
    quint64 fetch(const Workspace& workspace, const SyncSpec& sync);

Q_SIGNALS:
    void ready(quint64 generation, const Ebb::DestinationSchema& schema);
    void failed(quint64 generation, const QString& message);

private:
    QThread m_thread;
    QObject* m_worker; // lives on m_thread; the jobs run in its context
    quint64 m_generation = 0;
};

} // namespace Ebb
