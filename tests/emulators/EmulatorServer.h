#pragma once

#include <QByteArray>
#include <QObject>
#include <QThread>
#include <QUrl>
#include <atomic>

class QHttpServer;
class QHttpServerRequest;

namespace Ebb::Emulators {

// What every API emulator shares: a QHttpServer on 127.0.0.1 on a thread of its own (the
// engine under test may block the thread that made the emulator), listening through a
// NoDelayTcpServer, and a way to read a request's header. A subclass adds its routes.
class EmulatorServer : public QObject
{
    Q_OBJECT

public:
    ~EmulatorServer() override;

    bool listen(quint16 port = 0); // 0: a free port
    QUrl url() const; // http://127.0.0.1:N
    // That share of requests (0 to 1) have their connection dropped without an answer.
    void setDropRate(double rate) { m_dropRate = rate; }

protected:
    explicit EmulatorServer(const QString& threadName, QObject* parent = nullptr);
    // Called on the emulator's thread, once, before it listens.
    virtual void addRoutes(QHttpServer& server) = 0;
    static QByteArray header(const QHttpServerRequest& request, const QByteArray& name);
    // Closes the listener and every connection, on the server's thread. A subclass calls it
    // first in its destructor: this base stops the thread only after the subclass's members
    // are gone, and no handler may run on them then (a client killed mid-request leaves one).
    void stopServing();

private:
    QThread m_thread;
    QHttpServer* m_server = nullptr; // lives on m_thread
    quint16 m_port = 0;
    std::atomic<double> m_dropRate = 0;
};

} // namespace Ebb::Emulators
