#include "RemoveTransformCommand.h"

#include <QCoreApplication>

namespace Ebb {

RemoveTransformCommand::RemoveTransformCommand(
    MappingDocument* document, const QString& field, int index, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    if (!before() || index < 0 || index >= before()->transforms.size()) {
        setText(QCoreApplication::translate("RemoveTransformCommand", "Remove transform from %1").arg(field));
        setObsolete(true);
        return;
    }
    FieldMapping mapping = *before();
    setText(QCoreApplication::translate("RemoveTransformCommand", "Remove transform %1 from %2")
                .arg(transformLabel(mapping.transforms.at(index)), field));
    mapping.transforms.removeAt(index);
    setAfter(mapping);
}

} // namespace Ebb
