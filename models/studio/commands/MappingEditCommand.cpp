#include "MappingEditCommand.h"

#include "models/studio/MappingDocument.h"

namespace Ebb {

MappingEditCommand::MappingEditCommand(MappingDocument* document, const QString& target, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_target(target)
    , m_position(document->indexOfTarget(target))
{
    if (const FieldMapping* mapping = document->mappingFor(target))
        m_before = *mapping;
    m_after = m_before;
}

void MappingEditCommand::redo()
{
    // Where a new mapping lands is remembered, so redo after undo puts it back there too.
    const int index = m_document->setMapping(m_target, m_after, m_position);
    if (m_position < 0)
        m_position = index;
}

void MappingEditCommand::undo()
{
    m_document->setMapping(m_target, m_before, m_position);
}

bool MappingEditCommand::mergeEdit(const QUndoCommand* other)
{
    const auto* edit = dynamic_cast<const MappingEditCommand*>(other);
    if (!edit || other->id() != id() || edit->m_target != m_target)
        return false;
    m_after = edit->m_after;
    setText(other->text());
    // Typed back to where it started: nothing is left to undo.
    const auto json = [](const std::optional<FieldMapping>& m) { return m ? m->toJson() : QJsonObject(); };
    setObsolete(json(m_after) == json(m_before));
    return true;
}

} // namespace Ebb
