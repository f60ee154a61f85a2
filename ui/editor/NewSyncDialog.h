#pragma once

#include "models/SyncSpec.h"
#include "models/Workspace.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Ebb {

class SchemaFetcher;

// New Sync…: an id, the warehouse it reads, the destination it writes (and the table or
// object there). The editor opens the result unsaved, with a starting query to change.
class NewSyncDialog : public QDialog
{
    Q_OBJECT

public:
    // `trusted`: the workspace may be connected to, so the destination's objects are listed.
    NewSyncDialog(const Workspace& workspace, bool trusted, QWidget* parent = nullptr);
    SyncSpec sync() const;

private:
    void validate();

    const Workspace& m_workspace;
    QLineEdit* m_id;
    QComboBox* m_source;
    QComboBox* m_destination;
    QComboBox* m_object; // editable: the destination's objects when they can be listed
    SchemaFetcher* m_fetcher = nullptr; // lists them off the GUI thread
    quint64 m_objectsGeneration = 0;
    QLabel* m_problem;
};

} // namespace Ebb
