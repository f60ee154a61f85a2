#include "FieldDrag.h"

namespace Ebb {

QMimeData* FieldDrag::encode(const QString& syncId, const QStringList& fields)
{
    return DragCodec::encode(mimeType(), DragIds{syncId, fields});
}

std::optional<DragIds> FieldDrag::decode(const QMimeData* data)
{
    return DragCodec::decode(data, mimeType());
}

} // namespace Ebb
