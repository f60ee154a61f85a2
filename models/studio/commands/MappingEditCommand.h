#pragma once

#include "models/SyncSpec.h"
#include "models/studio/JsonText.h"

#include <QUndoCommand>
#include <optional>

namespace Ebb {

class MappingDocument;

// Every mapping edit is "the mapping for this target goes from `before` to `after`": redo
// and undo set one state or the other through MappingDocument::setMapping, at the index the
// mapping had, so undo puts a removed mapping back where it stood and the saved file does
// not reorder. Subclasses only work out `after` and a readable name.
// The document must outlive the undo stack that holds the command.
class MappingEditCommand : public QUndoCommand
{
public:
    MappingEditCommand(MappingDocument* document, const QString& target, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

    const QString& target() const { return m_target; }

protected:
    // The state before the edit (nullopt: no mapping for the target).
    const std::optional<FieldMapping>& before() const { return m_before; }
    const std::optional<FieldMapping>& after() const { return m_after; }
    void setAfter(std::optional<FieldMapping> after) { m_after = std::move(after); }
    // For mergeWith: typing in a constant or template field is one undo step, not one per key.
    bool mergeEdit(const QUndoCommand* other);
    MappingDocument* document() const { return m_document; }

private:
    MappingDocument* m_document;
    QString m_target;
    int m_position = -1;
    std::optional<FieldMapping> m_before;
    std::optional<FieldMapping> m_after;
};

} // namespace Ebb
