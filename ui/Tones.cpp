#include "Tones.h"

namespace Ebb::Tones {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor error(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
}

QColor warning(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0xc1, 0x07) : QColor(0x9a, 0x52, 0x00);
}

QColor muted(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x6d, 0x6d, 0x6d);
}

QColor success(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
}

QString errorText(const QPalette& palette)
{
    return QStringLiteral("color: %1;").arg(error(palette).name());
}

QString errorBorder(const QPalette& palette, const QString& selector)
{
    return QStringLiteral("%1 { border: 1px solid %2; }").arg(selector, error(palette).name());
}

} // namespace Ebb::Tones
