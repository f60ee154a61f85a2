#include "SetChangeFindingCommand.h"

#include "SetSettingCommand.h"

#include <QCoreApplication>

namespace Ebb {

SetChangeFindingCommand::SetChangeFindingCommand(MappingDocument* document, const QString& cursor, const QString& where)
{
    using Setting = MappingDocument::Setting;
    const bool inWarehouse = where == QLatin1String("warehouse");
    const QString newCursor = inWarehouse ? QString() : cursor;
    const bool cursorMoves = newCursor != document->setting(Setting::Cursor);
    const bool whereMoves = where != document->setting(Setting::ChangeDetection);
    // The one that lets go first, so each child sees a sync that never holds both.
    auto* cursorCommand
        = cursorMoves && inWarehouse ? new SetSettingCommand(document, Setting::Cursor, newCursor, this) : nullptr;
    if (whereMoves)
        new SetSettingCommand(document, Setting::ChangeDetection, where, this);
    if (cursorMoves && !inWarehouse)
        cursorCommand = new SetSettingCommand(document, Setting::Cursor, newCursor, this);
    if (cursorCommand && !newCursor.isEmpty())
        setText(cursorCommand->text()); // a cursor picked says so, whatever it let go of
    else if (whereMoves)
        setText(inWarehouse ? QCoreApplication::translate("SetChangeFindingCommand", "Find changes in the warehouse")
                            : QCoreApplication::translate("SetChangeFindingCommand", "Find changes in Ebb"));
    else if (cursorCommand)
        setText(cursorCommand->text());
    if (!cursorMoves && !whereMoves)
        setObsolete(true);
}

} // namespace Ebb
