#include "QueryPreview.h"

#include "QueryLoader.h"
#include "models/QueryRowsModel.h"

namespace Ebb {

QueryPreview::QueryPreview(QueryRowsModel* model, QObject* parent)
    : QObject(parent)
    , m_model(model)
    , m_loader(new QueryLoader)
{
    qRegisterMetaType<Ebb::RowBatch>();
    qRegisterMetaType<Ebb::Column>();
    qRegisterMetaType<QList<Ebb::Column>>();

    m_thread.setObjectName(QStringLiteral("ebb-preview"));
    m_loader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_loader, &QObject::deleteLater);
    connect(m_model, &QueryRowsModel::fetchRequested, m_loader, &QueryLoader::fetch);
    connect(m_loader, &QueryLoader::columnsReady, m_model, [this](quint64 generation, const QList<Column>& columns) {
        m_model->setColumns(generation, columns);
        m_model->fetchMore({});
    });
    connect(m_loader, &QueryLoader::rowsReady, m_model, &QueryRowsModel::appendRows);
    connect(m_loader, &QueryLoader::failed, this, [this](quint64 generation, const QString& message) {
        if (generation != m_model->generation())
            return;
        m_model->fail(generation, message);
        Q_EMIT failed(message);
    });
    m_thread.start();
}

QueryPreview::~QueryPreview()
{
    QMetaObject::invokeMethod(m_loader, &QueryLoader::stop, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void QueryPreview::stop()
{
    if (!m_model->isRunning())
        return;
    m_model->stop();
    QMetaObject::invokeMethod(m_loader, &QueryLoader::stop, Qt::QueuedConnection);
}

void QueryPreview::run(const Workspace& workspace, const QString& connectionId, const QString& sql)
{
    const quint64 generation = m_model->reset();
    QueryLoader* loader = m_loader;
    QMetaObject::invokeMethod(
        loader,
        [loader, generation, workspace, connectionId, sql] { loader->start(generation, workspace, connectionId, sql); },
        Qt::QueuedConnection);
}

} // namespace Ebb
