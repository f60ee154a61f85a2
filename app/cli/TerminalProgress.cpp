#include "TerminalProgress.h"

#include <unistd.h>

namespace Ebb {

TerminalProgress::TerminalProgress(QTextStream& err)
    : m_err(err)
    , m_tty(isatty(STDERR_FILENO) != 0)
{
}

void TerminalProgress::onProgress(const RunProgress& p)
{
    if (!m_tty)
        return;
    QString line = QStringLiteral("\r%1%2: %3 rows, %4 sent, %5 rejected, %6 rows/s")
                       .arg(p.sync.isEmpty() ? QString() : p.sync + QStringLiteral(" · "), p.phase)
                       .arg(p.counts.queried)
                       .arg(p.counts.sent)
                       .arg(p.counts.rejected)
                       .arg(qint64(p.rowsPerSecond));
    if (p.etaSeconds >= 0)
        line += QStringLiteral(", ETA %1 s").arg(qint64(p.etaSeconds + 0.5));
    m_err << line << QStringLiteral("\x1b[K");
    m_err.flush();
    m_dirty = true;
}

void TerminalProgress::onLog(LogLevel, const QString&)
{
    clear();
}

void TerminalProgress::clear()
{
    if (m_dirty) {
        m_err << "\r\x1b[K";
        m_err.flush();
    }
    m_dirty = false;
}

} // namespace Ebb
