#pragma once

#include <QTcpServer>

namespace Ebb::Emulators {

// A listening socket whose connections send at once (TCP_NODELAY) and acknowledge at once
// (TCP_QUICKACK), as API servers behind real networks effectively do. Without them, an answer
// or a request Qt writes in more than one piece waits for a delayed ACK (40 ms on Linux's
// loopback, where a piece is one segment) — a stall that would make every benchmark measure
// the emulator's socket instead of Ebb.
class NoDelayTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr handle) override;
};

} // namespace Ebb::Emulators
