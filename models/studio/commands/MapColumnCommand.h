#pragma once

#include "MappingEditCommand.h"

namespace Ebb {

// "Map email → email": the field takes its value from the column. A field that was mapped
// keeps its transforms, which were chosen for the field's type rather than for the column.
class MapColumnCommand : public MappingEditCommand
{
public:
    MapColumnCommand(
        MappingDocument* document, const QString& column, const QString& field, QUndoCommand* parent = nullptr);
};

} // namespace Ebb
