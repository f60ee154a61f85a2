#pragma once

#include <QRandomGenerator>
#include <QTcpServer>
#include <atomic>

namespace Ebb::Emulators {

// A listening socket whose connections send at once (TCP_NODELAY) and acknowledge at once
// (TCP_QUICKACK), as API servers behind real networks effectively do. Without them, an answer
// or a request Qt writes in more than one piece waits for a delayed ACK (40 ms on Linux's
// loopback, where a piece is one segment) — a stall that would make every benchmark measure
// the emulator's socket instead of Ebb.
// Fault injection: a share of the requests have their connection dropped as they arrive (no
// answer at all, as a proxy or a crashing server would).
class NoDelayTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit NoDelayTcpServer(std::atomic<double>* dropRate, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr handle) override;

private:
    std::atomic<double>* m_dropRate; // the emulator's setting, read as requests come
    QRandomGenerator m_random{11};
};

} // namespace Ebb::Emulators
