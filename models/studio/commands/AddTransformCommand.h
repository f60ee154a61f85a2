#pragma once

#include "MappingEditCommand.h"

#include <QJsonValue>

namespace Ebb {

// "Add transform lower to email": a step in the field's transform chain, at `position`
// (-1: last). `transform` is written as in the sync file: "lower" or {"split": ";"}.
class AddTransformCommand : public MappingEditCommand
{
public:
    AddTransformCommand(MappingDocument* document, const QString& field, const QJsonValue& transform, int position = -1,
        QUndoCommand* parent = nullptr);
};

} // namespace Ebb
