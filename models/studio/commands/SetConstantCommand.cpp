#include "SetConstantCommand.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Ebb {

namespace {

QString jsonText(const QJsonValue& value)
{
    // QJsonDocument writes only arrays and objects: wrap the value and strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace

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
    setText(QCoreApplication::translate("SetConstantCommand", "Set constant %1 on %2").arg(jsonText(value), field));
}

} // namespace Ebb
