#include "JsonFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

namespace Ebb::JsonFile {

Result<QJsonObject> read(const QString& path, const QString& displayName)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(QStringLiteral("%1: cannot read the file: %2").arg(displayName, file.errorString()));
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt reports the offset one past the character it choked on; point at that character.
        const QByteArray before = bytes.left(std::max(0, parseError.offset - 1));
        const int line = int(before.count('\n')) + 1;
        const int column = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
        return Error::config(QStringLiteral("%1:%2:%3: invalid JSON: %4")
                                 .arg(displayName)
                                 .arg(line)
                                 .arg(column)
                                 .arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return Error::config(QStringLiteral("%1: $: expected a JSON object at the top level").arg(displayName));
    return doc.object();
}

Result<void> write(const QString& path, const QJsonObject& object)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    // QJsonObject keeps its keys sorted, and Indented uses four spaces: the output is stable.
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error::io(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    return {};
}

} // namespace Ebb::JsonFile
