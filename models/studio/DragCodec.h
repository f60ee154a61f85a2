#pragma once

#include <QString>
#include <QStringList>
#include <optional>

class QMimeData;

namespace Ebb {

// What a drag inside the mapping editor carries: stable ids (column or field names, as the
// sync file writes them) and the sync they belong to, never display text, so a drop in
// another sync's window, or text dragged in from elsewhere, cannot map the wrong thing.
struct DragIds
{
    QString syncId;
    QStringList ids;
};

// Encodes ids through QDataStream under a custom MIME type with a magic and a version, so a
// later Ebb can change the layout and an older one refuses it rather than misreading it.
class DragCodec
{
public:
    static QMimeData* encode(const QString& format, const DragIds& drag);
    // nullopt when `data` lacks `format`, is truncated, of another version, or carries no id.
    static std::optional<DragIds> decode(const QMimeData* data, const QString& format);
};

} // namespace Ebb
