#pragma once

#include <QStyledItemDelegate>

namespace Ebb {

// Draws NULL cells dimmed and in italics, so NULL never reads as the text "NULL".
class NullAwareDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace Ebb
