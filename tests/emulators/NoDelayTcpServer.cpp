#include "NoDelayTcpServer.h"

#include <QTcpSocket>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Ebb::Emulators {

NoDelayTcpServer::NoDelayTcpServer(std::atomic<double>* dropRate, QObject* parent)
    : QTcpServer(parent)
    , m_dropRate(dropRate)
{
}

void NoDelayTcpServer::incomingConnection(qintptr handle)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // And it acknowledges what it reads at once. Qt's HTTP client writes a body in 16 KB
    // pieces without TCP_NODELAY, so a request of 16 KB and a bit waits, by Nagle's rule,
    // for the ACK of its first piece; on loopback that is one segment, which Linux would
    // otherwise ACK only after its 40 ms delay. Quick-ACK mode lapses, so it is set after
    // every read (this slot runs before the HTTP server's, connected later).
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
        if (m_dropRate && *m_dropRate > 0 && m_random.generateDouble() < *m_dropRate) {
            socket->abort(); // dropped: the client gets no answer, only a reset
            return;
        }
        const int one = 1;
        setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    });
    addPendingConnection(socket);
}

} // namespace Ebb::Emulators
