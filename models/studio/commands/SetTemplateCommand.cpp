#include "SetTemplateCommand.h"

#include <QCoreApplication>

namespace Ebb {

SetTemplateCommand::SetTemplateCommand(
    MappingDocument* document, const QString& field, const QString& text, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    FieldMapping mapping = before().value_or(FieldMapping{});
    mapping.kind = FieldMapping::Kind::Template;
    mapping.source.clear();
    mapping.value = QJsonValue();
    mapping.templateText = text;
    mapping.target = field;
    setAfter(mapping);
    setText(QCoreApplication::translate("SetTemplateCommand", "Set template %1 on %2").arg(text, field));
}

} // namespace Ebb
