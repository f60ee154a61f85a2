#pragma once

#include "models/studio/MappingDocument.h"

#include <QUndoCommand>

namespace Ebb {

// "Set primary key to email", "Set mode to update": one of the sync's settings outside its
// mappings, chosen in the Source or Destination step, undone like a mapping edit.
class SetSettingCommand : public QUndoCommand
{
public:
    SetSettingCommand(MappingDocument* document, MappingDocument::Setting setting, const QString& value,
        QUndoCommand* parent = nullptr);

    void undo() override;
    void redo() override;

    static QString settingName(MappingDocument::Setting setting);
    // A value as the Edit menu says it: a schedule or guards (JSON) in words, "every 1m".
    static QString shown(const QString& value);

private:
    MappingDocument* m_document;
    MappingDocument::Setting m_setting;
    QString m_before;
    QString m_after;
};

} // namespace Ebb
