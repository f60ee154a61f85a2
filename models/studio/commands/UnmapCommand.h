#pragma once

#include "MappingEditCommand.h"

namespace Ebb {

// "Unmap email": the field gets no value from this sync any more.
class UnmapCommand : public MappingEditCommand
{
public:
    UnmapCommand(MappingDocument* document, const QString& field, QUndoCommand* parent = nullptr);
};

} // namespace Ebb
