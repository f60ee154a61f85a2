#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace Ebb::StudioIcons {

// The icon for a model's IconNameRole ("mapping-rejected", "field-readonly", "column-mapped"),
// from the one SVG set in resources/icons.
QIcon forName(const QString& iconName);
// Ebb's own icon (resources/app), for the windows and the tray.
QIcon application();
// A text colour for a state word (StateNameRole), readable on the palette's base colour;
// invalid for states that keep the normal text colour. Colour is never alone: the icon and
// the text say the same.
QColor forState(const QString& stateName, const QPalette& palette);

} // namespace Ebb::StudioIcons
