#pragma once

#include "models/SyncSpec.h"
#include "models/Workspace.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Ebb {

// New Sync…: an id, the warehouse it reads, the destination it writes (and the table or
// object there). The editor opens the result unsaved, with a starting query to change.
class NewSyncDialog : public QDialog
{
    Q_OBJECT

public:
    NewSyncDialog(const Workspace& workspace, QWidget* parent = nullptr);
    SyncSpec sync() const;

private:
    void validate();

    const Workspace& m_workspace;
    QLineEdit* m_id;
    QComboBox* m_source;
    QComboBox* m_destination;
    QLineEdit* m_object;
    QLabel* m_problem;
};

} // namespace Ebb
