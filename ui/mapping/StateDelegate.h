#pragma once

#include <QStyledItemDelegate>

namespace Ebb {

// Draws a studio model's state in the column it decorates: the icon its IconNameRole names
// and the text in the state's colour (StudioIcons), with the reason as tooltip (the model's
// ToolTipRole). Required fields are drawn bold.
class StateDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    // `decoratedColumn`: the column that carries the icon (the others keep only the colour).
    explicit StateDelegate(int decoratedColumn, QObject* parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    int m_decoratedColumn;
};

} // namespace Ebb
