#include "SyncSpec.h"

namespace Ebb {

namespace {

void setOrRemove(QJsonObject& object, const QString& key, const QString& value)
{
    if (value.isEmpty())
        object.remove(key);
    else
        object.insert(key, value);
}

void setOrRemove(QJsonObject& object, const QString& key, const QJsonObject& value)
{
    if (value.isEmpty())
        object.remove(key);
    else
        object.insert(key, value);
}

} // namespace

QJsonObject FieldMapping::toJson() const
{
    QJsonObject object = json;
    object.remove(QStringLiteral("source"));
    object.remove(QStringLiteral("value"));
    object.remove(QStringLiteral("template"));
    switch (kind) {
    case Kind::Column:
        object.insert(QStringLiteral("source"), source);
        break;
    case Kind::Constant:
        object.insert(QStringLiteral("value"), value);
        break;
    case Kind::Template:
        object.insert(QStringLiteral("template"), templateText);
        break;
    }
    object.insert(QStringLiteral("target"), target);
    if (transforms.isEmpty())
        object.remove(QStringLiteral("transforms"));
    else
        object.insert(QStringLiteral("transforms"), transforms);
    if (nulls == Nulls::Default)
        object.remove(QStringLiteral("nulls"));
    else
        object.insert(QStringLiteral("nulls"), nulls == Nulls::Skip ? QStringLiteral("skip") : QStringLiteral("send"));
    return object;
}

QJsonObject SyncSpec::toJson() const
{
    QJsonObject object = json;
    object.insert(QStringLiteral("id"), id);

    QJsonObject source = json.value(QStringLiteral("source")).toObject();
    source.insert(QStringLiteral("connection"), sourceConnection);
    source.insert(QStringLiteral("query"), query);
    source.insert(QStringLiteral("primaryKey"), primaryKey);
    setOrRemove(source, QStringLiteral("cursor"), cursorColumn);
    setOrRemove(source, QStringLiteral("changeDetection"),
        changeDetection == ChangeDetection::Warehouse ? QStringLiteral("warehouse") : QString());
    object.insert(QStringLiteral("source"), source);

    QJsonObject destination = json.value(QStringLiteral("destination")).toObject();
    destination.insert(QStringLiteral("connection"), destinationConnection);
    setOrRemove(destination, QStringLiteral("object"), this->object);
    destination.insert(QStringLiteral("mode"), syncModeName(mode));
    setOrRemove(destination, QStringLiteral("matchField"), matchField);
    setOrRemove(destination, QStringLiteral("nulls"), skipNulls ? QStringLiteral("skip") : QString());
    object.insert(QStringLiteral("destination"), destination);

    QJsonArray mappingArray;
    for (const auto& mapping : mappings)
        mappingArray.append(mapping.toJson());
    object.insert(QStringLiteral("mappings"), mappingArray);
    setOrRemove(object, QStringLiteral("schedule"), schedule);
    setOrRemove(object, QStringLiteral("guards"), guards);
    setOrRemove(object, QStringLiteral("alerts"), alerts);
    return object;
}

} // namespace Ebb
