#include "StateDelegate.h"

#include "models/studio/StudioRoles.h"
#include "ui/StudioIcons.h"

namespace Ebb {

StateDelegate::StateDelegate(int decoratedColumn, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_decoratedColumn(decoratedColumn)
{
}

void StateDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString state = index.data(StudioRoles::StateNameRole).toString();
    if (index.column() == m_decoratedColumn) {
        const QIcon icon = StudioIcons::forName(index.data(StudioRoles::IconNameRole).toString());
        if (!icon.isNull()) {
            option->icon = icon;
            option->features |= QStyleOptionViewItem::HasDecoration;
            option->decorationSize = QSize(16, 16);
        }
    }
    if (const QColor colour = StudioIcons::forState(state, option->palette);
        colour.isValid() && !(option->state & QStyle::State_Selected))
        option->palette.setColor(QPalette::Text, colour);
    if (state == QLatin1String("required"))
        option->font.setBold(true);
}

} // namespace Ebb
