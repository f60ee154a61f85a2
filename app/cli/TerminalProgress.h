#pragma once

#include "app/engine/RunObserver.h"

#include <QTextStream>

namespace Ebb {

// A run's progress as one line on stderr, rewritten in place, only when a person is
// watching it (stderr is a terminal). Used by `ebb-cli run` and `ebb-cli schedule`.
class TerminalProgress : public RunObserver
{
public:
    explicit TerminalProgress(QTextStream& err);

    void onProgress(const RunProgress& progress) override;
    // Warnings and errors reach stderr through the logger; only make room for them.
    void onLog(LogLevel level, const QString& text) override;
    // Removes the line (before the command prints its summary).
    void clear();

private:
    QTextStream& m_err;
    bool m_tty;
    bool m_dirty = false;
};

} // namespace Ebb
