#include "SetConstantCommand.h"

#include "models/studio/JsonText.h"

#include <QCoreApplication>

namespace Ebb {

SetConstantCommand::SetConstantCommand(
    MappingDocument* document, const QString& field, const QJsonValue& value, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    FieldMapping mapping = before().value_or(FieldMapping{});
    mapping.kind = FieldMapping::Kind::Constant;
    mapping.source.clear();
    mapping.templateText.clear();
    mapping.value = value;
    mapping.target = field;
    setAfter(mapping);
    setText(QCoreApplication::translate("SetConstantCommand", "Set constant %1 on %2").arg(jsonLiteral(value), field));
}

} // namespace Ebb
