#include "MapColumnCommand.h"

#include <QCoreApplication>

namespace Ebb {

MapColumnCommand::MapColumnCommand(
    MappingDocument* document, const QString& column, const QString& field, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
{
    FieldMapping mapping = before().value_or(FieldMapping{});
    mapping.kind = FieldMapping::Kind::Column;
    mapping.source = column;
    mapping.value = QJsonValue();
    mapping.templateText.clear();
    mapping.target = field;
    setAfter(mapping);
    setText(QCoreApplication::translate("MapColumnCommand", "Map %1 → %2").arg(column, field));
    // Dropping a column on the field it already feeds changes nothing; QUndoStack drops it.
    if (before() && before()->kind == FieldMapping::Kind::Column && before()->source == column)
        setObsolete(true);
}

} // namespace Ebb
