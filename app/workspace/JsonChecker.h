#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace Ebb {

// Reads typed fields out of a JSON object and records every problem as
// "<file>: <json path>: <what is wrong>", so the user gets all mistakes of a file at once.
class JsonChecker
{
public:
    explicit JsonChecker(QString displayName)
        : m_file(std::move(displayName))
    {
    }

    void error(const QString& path, const QString& problem);
    const QStringList& errors() const { return m_errors; }
    QString file() const { return m_file; }

    std::optional<QString> string(const QJsonObject& object, const QString& key, const QString& path, bool required);
    std::optional<int> integer(
        const QJsonObject& object, const QString& key, const QString& path, bool required, int minimum, int maximum);
    std::optional<bool> boolean(const QJsonObject& object, const QString& key, const QString& path);
    std::optional<QJsonObject> object(
        const QJsonObject& object, const QString& key, const QString& path, bool required);
    std::optional<QJsonArray> array(const QJsonObject& object, const QString& key, const QString& path, bool required);

    // Reports every key of `object` outside `known`: a misspelt setting must not be ignored
    // without a word. Keys starting with "x-" or "$" ("x-owner", "$comment") are the user's
    // own: kept, never read.
    void onlyKeys(const QJsonObject& object, const QString& path, const QStringList& known);
    static QString typeName(const QJsonValue& value);
    static QString child(const QString& path, const QString& key) { return path + QLatin1Char('.') + key; }
    static QString element(const QString& path, int index) { return QStringLiteral("%1[%2]").arg(path).arg(index); }

private:
    bool present(const QJsonObject& object, const QString& key, const QString& path, bool required);

    QString m_file;
    QStringList m_errors;
};

} // namespace Ebb
