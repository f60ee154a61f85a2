#include "SetSettingCommand.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

SetSettingCommand::SetSettingCommand(
    MappingDocument* document, MappingDocument::Setting setting, const QString& value, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_setting(setting)
    , m_before(document->setting(setting))
    , m_after(value)
{
    setText(value.isEmpty()
            ? QCoreApplication::translate("SetSettingCommand", "Clear %1").arg(settingName(setting))
            : QCoreApplication::translate("SetSettingCommand", "Set %1 to %2").arg(settingName(setting), shown(value)));
    if (m_before == m_after)
        setObsolete(true);
}

// A schedule or guards (JSON) as words: "every 1m", "maxChangePercent 5, freshness updated_at 24h".
QString SetSettingCommand::shown(const QString& value)
{
    const QJsonDocument json = QJsonDocument::fromJson(value.toUtf8());
    if (!json.isObject())
        return value;
    QStringList parts;
    const QJsonObject object = json.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        QStringList words{it.key()};
        const QJsonObject inner = it.value().toObject();
        for (const QJsonValue& v :
            inner.isEmpty() ? QJsonArray{it.value()} : QJsonArray::fromVariantList(inner.toVariantMap().values()))
            words << (v.isString() ? v.toString() : QString::number(v.toDouble()));
        parts << words.join(QLatin1Char(' '));
    }
    return parts.join(QStringLiteral(", "));
}

QString SetSettingCommand::settingName(MappingDocument::Setting setting)
{
    switch (setting) {
    case MappingDocument::Setting::PrimaryKey:
        return QCoreApplication::translate("SetSettingCommand", "primary key");
    case MappingDocument::Setting::Cursor:
        return QCoreApplication::translate("SetSettingCommand", "incremental cursor");
    case MappingDocument::Setting::ChangeDetection:
        return QCoreApplication::translate("SetSettingCommand", "change detection");
    case MappingDocument::Setting::Mode:
        return QCoreApplication::translate("SetSettingCommand", "mode");
    case MappingDocument::Setting::Object:
        return QCoreApplication::translate("SetSettingCommand", "object");
    case MappingDocument::Setting::MatchField:
        return QCoreApplication::translate("SetSettingCommand", "match field");
    case MappingDocument::Setting::Schedule:
        return QCoreApplication::translate("SetSettingCommand", "schedule");
    case MappingDocument::Setting::Guards:
        return QCoreApplication::translate("SetSettingCommand", "guards");
    }
    return {};
}

void SetSettingCommand::undo()
{
    m_document->setSetting(m_setting, m_before);
}

void SetSettingCommand::redo()
{
    m_document->setSetting(m_setting, m_after);
}

} // namespace Ebb
