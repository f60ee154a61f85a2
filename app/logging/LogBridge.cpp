#include "LogBridge.h"

#include <QMetaObject>

namespace Ebb {

LogBridge::LogBridge(QObject* parent)
    : QObject(parent)
{
}

void LogBridge::post(QString line)
{
    QMutexLocker locker(&m_mutex);
    if (m_queue.size() >= maxQueued) {
        // The view cannot show this many before the next delivery; keep the newest.
        m_queue.removeFirst();
        ++m_dropped;
    }
    m_queue.append(std::move(line));
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(this, &LogBridge::deliver, Qt::QueuedConnection);
    }
}

void LogBridge::deliver()
{
    QStringList lines;
    qsizetype dropped = 0;
    {
        QMutexLocker locker(&m_mutex);
        lines.swap(m_queue);
        dropped = m_dropped;
        m_dropped = 0;
        m_scheduled = false;
    }
    if (dropped > 0)
        lines.prepend(tr("… %n earlier line(s) not shown (see ebb.log)", nullptr, int(dropped)));
    if (!lines.isEmpty())
        Q_EMIT linesReady(lines);
}

} // namespace Ebb
