#pragma once

#include "models/Workspace.h"

#include <QObject>
#include <QThread>

namespace Ebb {

class QueryLoader;
class QueryRowsModel;

// Feeds a QueryRowsModel from a QueryLoader on its own thread. Lives on the GUI thread
// and never blocks it: every call is a queued message to the loader.
class QueryPreview : public QObject
{
    Q_OBJECT

public:
    explicit QueryPreview(QueryRowsModel* model, QObject* parent = nullptr);
    ~QueryPreview() override;

    void run(const Workspace& workspace, const QString& connectionId, const QString& sql);
    // Stops waiting for the query: the model keeps its rows; the loader closes the query once
    // the server lets it (a slow first answer is waited out on the loader's thread, not here).
    void stop();

Q_SIGNALS:
    void failed(const QString& message);

private:
    QueryRowsModel* m_model;
    QThread m_thread;
    QueryLoader* m_loader;
};

} // namespace Ebb
