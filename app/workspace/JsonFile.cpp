#include "JsonFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>
#include <optional>

namespace Ebb::JsonFile {

namespace {

// "line:column" of byte `offset` in `bytes` (columns count characters, not bytes).
QString position(const QByteArray& bytes, qsizetype offset)
{
    const QByteArray before = bytes.left(offset);
    const int line = int(before.count('\n')) + 1;
    const int column = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

// QJsonDocument keeps the last of two equal keys without a word; a file that says "mode"
// twice has a mistake in it. Scans text that parsed already, so it need not check syntax:
// only strings, and whether each one is an object's key (a ':' follows it).
std::optional<QString> duplicateKey(const QByteArray& bytes)
{
    struct Object
    {
        QHash<QByteArray, qsizetype> keys; // key → offset of its first use
    };
    QList<Object> open;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '{') {
            open.append(Object());
        } else if (c == '}') {
            if (!open.isEmpty())
                open.removeLast();
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < bytes.size() && bytes[i] != '"'; ++i) {
                if (bytes[i] == '\\')
                    ++i;
            }
            const QByteArray token = bytes.mid(start + 1, i - start - 1);
            qsizetype next = i + 1;
            while (next < bytes.size() && QChar::isSpace(uchar(bytes[next])))
                ++next;
            if (next < bytes.size() && bytes[next] == ':' && !open.isEmpty()) {
                // Escapes decoded, so "a" and "\u0061" are one key, as the parser sees them.
                const QByteArray key = token.contains('\\')
                    ? QJsonDocument::fromJson("[\"" + token + "\"]").array().at(0).toString().toUtf8()
                    : token;
                auto& keys = open.last().keys;
                if (const auto first = keys.constFind(key); first != keys.constEnd())
                    return QStringLiteral("%1: duplicate key \"%2\" (the first is at %3); only one may stay")
                        .arg(position(bytes, start), QString::fromUtf8(key), position(bytes, *first));
                keys.insert(key, start);
            }
        }
    }
    return std::nullopt;
}

} // namespace

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
    if (const auto duplicate = duplicateKey(bytes))
        return Error::config(QStringLiteral("%1:%2").arg(displayName, *duplicate));
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
