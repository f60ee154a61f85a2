#include "UnmapCommand.h"

#include <QCoreApplication>

namespace Ebb {

UnmapCommand::UnmapCommand(MappingDocument* document, const QString& field, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    setAfter(std::nullopt);
    setText(QCoreApplication::translate("UnmapCommand", "Unmap %1").arg(field));
    if (!before())
        setObsolete(true);
}

} // namespace Ebb
