#include "StudioIcons.h"

#include "ui/Tones.h"

#include <QHash>

// resources/icons.qrc is compiled into the static ebb_ui library: its registration must be
// called once, from outside any namespace.
static void initIconResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace Ebb::StudioIcons {

namespace {

void initResources()
{
    static const bool done = [] {
        initIconResources();
        return true;
    }();
    Q_UNUSED(done)
}

} // namespace

QIcon application()
{
    initResources();
    return QIcon(QStringLiteral(":/app/io.ebb.Ebb.svg"));
}

QIcon forName(const QString& iconName)
{
    initResources();
    static const QHash<QString, QString> files{
        {QStringLiteral("mapping-ok"), QStringLiteral("ok")},
        {QStringLiteral("mapping-rejected"), QStringLiteral("rejected")},
        {QStringLiteral("mapping-invalid"), QStringLiteral("rejected")},
        {QStringLiteral("mapping-mismatch"), QStringLiteral("warning")},
        {QStringLiteral("mapping-preview-rejects"), QStringLiteral("warning")},
        {QStringLiteral("mapping-required"), QStringLiteral("required")},
        {QStringLiteral("mapping-unchecked"), QStringLiteral("unchecked")},
        {QStringLiteral("field-mapped"), QStringLiteral("ok")},
        {QStringLiteral("field-required"), QStringLiteral("required")},
        {QStringLiteral("field-readonly"), QStringLiteral("locked")},
        {QStringLiteral("field-unmapped"), QStringLiteral("field")},
        {QStringLiteral("column"), QStringLiteral("column")},
        {QStringLiteral("column-mapped"), QStringLiteral("ok")},
        {QStringLiteral("connection-ok"), QStringLiteral("ok")},
        {QStringLiteral("connection-failing"), QStringLiteral("rejected")},
        {QStringLiteral("connection-untested"), QStringLiteral("unchecked")},
    };
    static QHash<QString, QIcon> cache;
    const QString file = files.value(iconName);
    if (file.isEmpty())
        return {};
    auto it = cache.find(file);
    if (it == cache.end())
        it = cache.insert(file, QIcon(QStringLiteral(":/icons/%1.svg").arg(file)));
    return *it;
}

QColor forState(const QString& stateName, const QPalette& palette)
{
    if (stateName == QLatin1String("rejected") || stateName == QLatin1String("invalid"))
        return Tones::error(palette);
    if (stateName == QLatin1String("mismatch") || stateName == QLatin1String("required")
        || stateName == QLatin1String("preview-rejects"))
        return Tones::warning(palette);
    if (stateName == QLatin1String("readonly") || stateName == QLatin1String("unchecked"))
        return Tones::muted(palette);
    return {};
}

} // namespace Ebb::StudioIcons
