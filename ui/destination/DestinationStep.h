#pragma once

#include "models/SyncMode.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QUndoStack;

namespace Ebb {

class DestinationFieldsModel;
class MappingDocument;
struct SyncSpec;

// The Destination step of a sync: the connection, the object written (the connection's
// objects, or any name typed), the mode with a line on what it does, the field records are
// matched on, and the object's fields with their rules. Each pick is an undoable edit of the
// MappingDocument; describing the destination is the editor's (refreshRequested).
class DestinationStep : public QWidget
{
    Q_OBJECT

public:
    DestinationStep(
        MappingDocument* document, QUndoStack* undoStack, DestinationFieldsModel* fields, QWidget* parent = nullptr);

    // The sync as opened: its connection, object and mode, nothing of the one before.
    void openSync(const SyncSpec& sync);
    // The pickers as the document says (after an edit, an undo or a load).
    void showSettings();
    // The modes the destination takes and the fields it matches on, from the document's
    // schema. `proposeMatch`: a new sync with no edits yet starts matching on the
    // destination's unique field (part of its first state, not an edit to undo).
    void fillPickers(bool proposeMatch);
    void setObjects(const QStringList& objects);
    // What describing the destination found (HTML): "13 field(s) in contacts", or why not.
    void setStatus(const QString& html);
    QComboBox* objectPicker() const { return m_object; }

    static QString modeHelp(SyncMode mode);

Q_SIGNALS:
    void refreshRequested();

private:
    void showModeHelp();

    MappingDocument* m_document;
    QUndoStack* m_undoStack;
    QComboBox* m_mode;
    QLabel* m_modeHelp;
    QComboBox* m_matchField;
    QLabel* m_connection;
    QComboBox* m_object; // editable: the connection's objects, or any name
    QLabel* m_status;
};

} // namespace Ebb
