#pragma once

#include "DragCodec.h"

namespace Ebb {

// Columns dragged in the mapping editor, as MIME type application/x-ebb-column.
class ColumnDrag
{
public:
    static QString mimeType() { return QStringLiteral("application/x-ebb-column"); }
    static QMimeData* encode(const QString& syncId, const QStringList& columns);
    // The column names and their sync, or nullopt when `data` holds no valid column drag.
    static std::optional<DragIds> decode(const QMimeData* data);
};

} // namespace Ebb
