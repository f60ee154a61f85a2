#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Ebb {

QString jsonLiteral(const QJsonValue& value)
{
    // QJsonDocument writes only arrays and objects: wrap the value and strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace Ebb
