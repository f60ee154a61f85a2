#pragma once

#include "DragCodec.h"

namespace Ebb {

// Fields dragged in the mapping editor, as MIME type application/x-ebb-field.
class FieldDrag
{
public:
    static QString mimeType() { return QStringLiteral("application/x-ebb-field"); }
    static QMimeData* encode(const QString& syncId, const QStringList& fields);
    // The field names and their sync, or nullopt when `data` holds no valid field drag.
    static std::optional<DragIds> decode(const QMimeData* data);
};

} // namespace Ebb
