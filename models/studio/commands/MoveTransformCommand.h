#pragma once

#include "MappingEditCommand.h"

namespace Ebb {

// "Move transform trim to position 2 in email": the order of a chain matters ("default" before
// or after "trim" gives different values), so reordering is an edit of its own.
class MoveTransformCommand : public MappingEditCommand
{
public:
    MoveTransformCommand(
        MappingDocument* document, const QString& field, int from, int to, QUndoCommand* parent = nullptr);
};

} // namespace Ebb
