#include "DragCodec.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

namespace Ebb {

namespace {

constexpr quint32 magic = 0xEBB0D2A6;
constexpr quint16 version = 1;

} // namespace

QMimeData* DragCodec::encode(const QString& format, const DragIds& drag)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << magic << version << drag.syncId << drag.ids;
    auto* data = new QMimeData;
    data->setData(format, bytes);
    // Plain text too, so a column dropped into a text editor (the SQL editor, a template
    // field) inserts its name; our own drops never read it.
    data->setText(drag.ids.join(QLatin1String(", ")));
    return data;
}

std::optional<DragIds> DragCodec::decode(const QMimeData* data, const QString& format)
{
    if (!data || !data->hasFormat(format))
        return std::nullopt;
    const QByteArray bytes = data->data(format);
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 readMagic = 0;
    quint16 readVersion = 0;
    DragIds drag;
    in >> readMagic >> readVersion;
    if (in.status() != QDataStream::Ok || readMagic != magic || readVersion != version)
        return std::nullopt;
    in >> drag.syncId >> drag.ids;
    if (in.status() != QDataStream::Ok || !in.atEnd() || drag.ids.isEmpty())
        return std::nullopt;
    for (const QString& id : std::as_const(drag.ids)) {
        if (id.isEmpty())
            return std::nullopt;
    }
    return drag;
}

} // namespace Ebb
