#include "SetSettingCommand.h"

#include <QCoreApplication>

namespace Ebb {

SetSettingCommand::SetSettingCommand(
    MappingDocument* document, MappingDocument::Setting setting, const QString& value, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_setting(setting)
    , m_before(document->setting(setting))
    , m_after(value)
{
    setText(value.isEmpty()
            ? QCoreApplication::translate("SetSettingCommand", "Clear %1").arg(settingName(setting))
            : QCoreApplication::translate("SetSettingCommand", "Set %1 to %2").arg(settingName(setting), value));
    if (m_before == m_after)
        setObsolete(true);
}

QString SetSettingCommand::settingName(MappingDocument::Setting setting)
{
    switch (setting) {
    case MappingDocument::Setting::PrimaryKey:
        return QCoreApplication::translate("SetSettingCommand", "primary key");
    case MappingDocument::Setting::Cursor:
        return QCoreApplication::translate("SetSettingCommand", "incremental cursor");
    case MappingDocument::Setting::Mode:
        return QCoreApplication::translate("SetSettingCommand", "mode");
    case MappingDocument::Setting::Object:
        return QCoreApplication::translate("SetSettingCommand", "object");
    case MappingDocument::Setting::MatchField:
        return QCoreApplication::translate("SetSettingCommand", "match field");
    case MappingDocument::Setting::Schedule:
        return QCoreApplication::translate("SetSettingCommand", "schedule");
    case MappingDocument::Setting::Guards:
        return QCoreApplication::translate("SetSettingCommand", "guards");
    }
    return {};
}

void SetSettingCommand::undo()
{
    m_document->setSetting(m_setting, m_before);
}

void SetSettingCommand::redo()
{
    m_document->setSetting(m_setting, m_after);
}

} // namespace Ebb
