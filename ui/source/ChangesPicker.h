#pragma once

#include <QComboBox>

namespace Ebb {

struct SyncSpec;
struct Workspace;

// Where a sync finds its changes: "on this computer" (the journal, "local") or "in the
// warehouse". The second is offered only when the sync's source can (PostgreSQL), and the
// tooltip says why not otherwise.
class ChangesPicker : public QComboBox
{
    Q_OBJECT

public:
    explicit ChangesPicker(QWidget* parent = nullptr);

    // The choices for `sync` read from `workspace`, its own one selected.
    void fill(const SyncSpec& sync, const Workspace& workspace);
    // "local" or "warehouse", as the sync file says it.
    QString where() const { return currentData().toString(); }
};

} // namespace Ebb
