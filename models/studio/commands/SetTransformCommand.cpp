#include "SetTransformCommand.h"

#include "models/studio/JsonText.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace Ebb {

SetTransformCommand::SetTransformCommand(
    MappingDocument* document, const QString& field, int index, const QJsonValue& transform, QUndoCommand* parent)
    : MappingEditCommand(document, field, parent)
    , m_index(index)
{
    // The setting as it reads in the sync file: {"dateFormat": "dd/MM/yyyy"} → dd/MM/yyyy.
    const QJsonValue setting = transform.isObject() ? transform.toObject().begin().value() : QJsonValue();
    const QString shown = setting.isString() ? setting.toString() : jsonLiteral(setting);
    setText(QCoreApplication::translate("SetTransformCommand", "Set %1 %2 in %3")
                .arg(transformLabel(transform), shown, field));
    if (!before() || index < 0 || index >= before()->transforms.size()) {
        setObsolete(true);
        return;
    }
    FieldMapping mapping = *before();
    mapping.transforms[index] = transform;
    setAfter(mapping);
}

bool SetTransformCommand::mergeWith(const QUndoCommand* other)
{
    const auto* edit = dynamic_cast<const SetTransformCommand*>(other);
    return edit && edit->m_index == m_index && mergeEdit(other);
}

} // namespace Ebb
