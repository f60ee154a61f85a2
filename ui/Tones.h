#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

namespace Ebb::Tones {

// Ebb's few colours for problems and outcomes, each readable on the palette's base: darker
// tones on a light palette, lighter ones on a dark one (the platform's dark theme). Colour is
// never alone: a word or an icon says the same.
bool isDark(const QPalette& palette);
QColor error(const QPalette& palette);
QColor warning(const QPalette& palette);
QColor muted(const QPalette& palette);
QColor success(const QPalette& palette);
// "color: …;" for a label that states a problem.
QString errorText(const QPalette& palette);
// A red border on `selector` (a field whose value is refused): "QLineEdit { border: … }".
QString errorBorder(const QPalette& palette, const QString& selector);

} // namespace Ebb::Tones
