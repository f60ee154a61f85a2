#pragma once

#include "MappingEditCommand.h"

#include <QJsonValue>

namespace Ebb {

// "Set template {{first_name}} {{last_name}} on full_name". Consecutive edits of one field's
// template merge into one undo step, so typing it is undone at once.
class SetTemplateCommand : public MappingEditCommand
{
public:
    SetTemplateCommand(
        MappingDocument* document, const QString& field, const QString& text, QUndoCommand* parent = nullptr);

    int id() const override { return 0x5c02; }
    bool mergeWith(const QUndoCommand* other) override { return mergeEdit(other); }
};

} // namespace Ebb
