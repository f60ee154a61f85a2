#include "AddTransformCommand.h"

#include <QCoreApplication>

namespace Ebb {

AddTransformCommand::AddTransformCommand(
    MappingDocument* document, const QString& field, const QJsonValue& transform, int position, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    setText(QCoreApplication::translate("AddTransformCommand", "Add transform %1 to %2")
                .arg(transformLabel(transform), field));
    if (!before()) { // a transform needs a mapping to belong to
        setObsolete(true);
        return;
    }
    FieldMapping mapping = *before();
    if (position < 0 || position > mapping.transforms.size())
        position = int(mapping.transforms.size());
    mapping.transforms.insert(position, transform);
    setAfter(mapping);
}

} // namespace Ebb
