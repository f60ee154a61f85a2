#pragma once

#include <QComboBox>
#include <QSignalBlocker>
#include <QStringList>

namespace Ebb {

// An editable combo box's items replaced (a list fetched off the GUI thread), keeping what is
// typed in it and signalling nothing: the list is a choice offered, not an edit.
inline void replaceItems(QComboBox* box, const QStringList& items)
{
    const QString typed = box->currentText();
    const QSignalBlocker quiet(box);
    box->clear();
    box->addItems(items);
    box->setCurrentText(typed);
}

} // namespace Ebb
