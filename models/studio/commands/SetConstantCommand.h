#pragma once

#include "MappingEditCommand.h"

#include <QJsonValue>

namespace Ebb {

// "Set constant "warehouse" on lead_source": the field gets the same value in every record.
// Consecutive edits of one field's constant merge into one undo step.
class SetConstantCommand : public MappingEditCommand
{
public:
    SetConstantCommand(
        MappingDocument* document, const QString& field, const QJsonValue& value, QUndoCommand* parent = nullptr);

    int id() const override { return 0x5c01; }
    bool mergeWith(const QUndoCommand* other) override { return mergeEdit(other); }
};

} // namespace Ebb
