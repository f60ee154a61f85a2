#include "ColumnDrag.h"

namespace Ebb {

QMimeData* ColumnDrag::encode(const QString& syncId, const QStringList& columns)
{
    return DragCodec::encode(mimeType(), DragIds{syncId, columns});
}

std::optional<DragIds> ColumnDrag::decode(const QMimeData* data)
{
    return DragCodec::decode(data, mimeType());
}

} // namespace Ebb
