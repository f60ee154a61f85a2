#pragma once

#include "models/studio/MappingDocument.h"

#include <QUndoCommand>

namespace Ebb {

// How a sync finds its changes: an incremental cursor, or the warehouse ("changeDetection").
// They exclude each other, so choosing one lets go of the other, in one step of the undo
// stack: "Find changes in the warehouse", "Set incremental cursor to updated_at".
class SetChangeFindingCommand : public QUndoCommand
{
public:
    // `cursor` empty: none; `where`: "local" or "warehouse". A cursor with "warehouse" is
    // read as no cursor.
    SetChangeFindingCommand(MappingDocument* document, const QString& cursor, const QString& where);
};

} // namespace Ebb
