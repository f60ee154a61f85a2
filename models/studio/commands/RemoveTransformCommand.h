#pragma once

#include "MappingEditCommand.h"

namespace Ebb {

// "Remove transform lower from email": drops step `index` of the field's transform chain.
class RemoveTransformCommand : public MappingEditCommand
{
public:
    RemoveTransformCommand(MappingDocument* document, const QString& field, int index, QUndoCommand* parent = nullptr);
};

} // namespace Ebb
