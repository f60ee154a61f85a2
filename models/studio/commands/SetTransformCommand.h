#pragma once

#include "MappingEditCommand.h"

#include <QJsonValue>

namespace Ebb {

// "Set dateFormat dd/MM/yyyy in signup_date": a transform's settings changed in place (its
// pattern, separator, default value or time zone). Typing a setting is one undo step.
class SetTransformCommand : public MappingEditCommand
{
public:
    SetTransformCommand(MappingDocument* document, const QString& field, int index, const QJsonValue& transform,
        QUndoCommand* parent = nullptr);

    int id() const override { return 0x5c03; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    int m_index;
};

} // namespace Ebb
