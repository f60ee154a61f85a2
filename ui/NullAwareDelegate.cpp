#include "NullAwareDelegate.h"

#include "models/QueryRowsModel.h"

namespace Ebb {

void NullAwareDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(QueryRowsModel::NullRole).toBool()) {
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
    }
}

} // namespace Ebb
