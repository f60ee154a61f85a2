#include "EmulatorServer.h"

#include "NoDelayTcpServer.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>

namespace Ebb::Emulators {

EmulatorServer::EmulatorServer(const QString& threadName, QObject* parent)
    : QObject(parent)
{
    m_thread.setObjectName(threadName);
    m_thread.start();
}

EmulatorServer::~EmulatorServer()
{
    if (m_server)
        m_server->deleteLater(); // on its own thread, which deletes it as it finishes
    m_thread.quit();
    m_thread.wait();
}

void EmulatorServer::stopServing()
{
    if (!m_server || !m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_server,
        [server = m_server] {
            for (QTcpServer* listener : server->findChildren<QTcpServer*>())
                listener->close();
            for (QTcpSocket* socket : server->findChildren<QTcpSocket*>())
                socket->abort();
        },
        Qt::BlockingQueuedConnection);
}

bool EmulatorServer::listen(quint16 port)
{
    auto* context = new QObject;
    context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        context,
        [this, port] {
            m_server = new QHttpServer;
            addRoutes(*m_server);
            auto* socket = new NoDelayTcpServer(&m_dropRate, m_server);
            if (socket->listen(QHostAddress::LocalHost, port)) {
                m_server->bind(socket);
                m_port = socket->serverPort();
            }
        },
        Qt::BlockingQueuedConnection);
    context->deleteLater();
    return m_port != 0;
}

QUrl EmulatorServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QByteArray EmulatorServer::header(const QHttpServerRequest& request, const QByteArray& name)
{
    for (const auto& [key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace Ebb::Emulators
