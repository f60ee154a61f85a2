#include "MoveTransformCommand.h"

#include <QCoreApplication>

namespace Ebb {

MoveTransformCommand::MoveTransformCommand(
    MappingDocument* document, const QString& field, int from, int to, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    const qsizetype size = before() ? before()->transforms.size() : 0;
    if (from < 0 || from >= size || to < 0 || to >= size || from == to) {
        setText(QCoreApplication::translate("MoveTransformCommand", "Move transform in %1").arg(field));
        setObsolete(true);
        return;
    }
    FieldMapping mapping = *before();
    setText(QCoreApplication::translate("MoveTransformCommand", "Move transform %1 to position %2 in %3")
                .arg(transformLabel(mapping.transforms.at(from)))
                .arg(to + 1)
                .arg(field));
    const QJsonValue moved = mapping.transforms.at(from);
    mapping.transforms.removeAt(from);
    mapping.transforms.insert(to, moved);
    setAfter(mapping);
}

} // namespace Ebb
