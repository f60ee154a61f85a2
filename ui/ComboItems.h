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

// A picker of one of a sync's settings (key, cursor, mode, match field): as wide as its
// longest item, 16 characters at the least.
inline QComboBox* settingPicker(const QString& objectName)
{
    auto* box = new QComboBox;
    box->setObjectName(objectName);
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    box->setMinimumContentsLength(16);
    return box;
}

} // namespace Ebb
