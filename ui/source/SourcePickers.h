#pragma once

#include <QWidget>
#include <functional>

class QComboBox;
class QUndoStack;

namespace Ebb {

class ChangesPicker;
class MappingDocument;
struct Workspace;

// The Source step's row of pickers: the primary key, the incremental cursor and where changes
// are found. A pick is an edit like a mapping's, pushed on the undo stack; a cursor and changes
// found in the warehouse exclude each other, and picking one lets go of the other in one step.
class SourcePickers : public QWidget
{
    Q_OBJECT

public:
    // `editing`: whether a sync is open, so that a pick is an edit of it.
    SourcePickers(
        MappingDocument* document, QUndoStack* undoStack, std::function<bool()> editing, QWidget* parent = nullptr);

    // The choices: `columns`, with the sync's own picks selected.
    void fill(const QStringList& columns, const Workspace& workspace);

private:
    MappingDocument* m_document;
    QUndoStack* m_undoStack;
    QComboBox* m_key;
    QComboBox* m_cursor;
    ChangesPicker* m_changes;
    std::function<bool()> m_editing;
};

} // namespace Ebb
