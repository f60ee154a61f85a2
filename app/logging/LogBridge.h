#pragma once

#include <QMutex>
#include <QObject>
#include <QStringList>

namespace Ebb {

// Carries log lines from any thread to the GUI. Lines are queued under a mutex and one
// queued call delivers everything that piled up meanwhile, so a burst of thousands of
// lines a second costs the event loop one event per batch, not one per line.
class LogBridge : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxQueued = 20000;

    explicit LogBridge(QObject* parent = nullptr);

    // Thread-safe.
    void post(QString line);

Q_SIGNALS:
    void linesReady(const QStringList& lines);

private:
    void deliver();

    QMutex m_mutex;
    QStringList m_queue;
    qsizetype m_dropped = 0;
    bool m_scheduled = false;
};

} // namespace Ebb
