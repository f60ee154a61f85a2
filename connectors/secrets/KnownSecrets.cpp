#include "KnownSecrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <algorithm>

namespace Ebb {

namespace {

QReadWriteLock& lock()
{
    static QReadWriteLock instance;
    return instance;
}

QStringList& secrets()
{
    static QStringList instance;
    return instance;
}

} // namespace

void KnownSecrets::add(const QString& secret)
{
    // Very short values would mask ordinary words; no real token is this short.
    if (secret.size() < 4)
        return;
    // A server may echo the secret encoded: in a URL, a form body or a JSON string.
    QStringList forms{secret, QString::fromLatin1(QUrl::toPercentEncoding(secret))};
    const QByteArray json = QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact);
    forms << QString::fromUtf8(json.mid(2, json.size() - 4)); // ["…"] without the brackets and quotes
    QWriteLocker locker(&lock());
    bool added = false;
    for (const QString& form : std::as_const(forms)) {
        if (!secrets().contains(form)) {
            secrets().append(form);
            added = true;
        }
    }
    if (added) {
        // Longest first, so a secret that contains another is masked whole.
        std::sort(
            secrets().begin(), secrets().end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    }
}

QStringList KnownSecrets::all()
{
    QReadLocker locker(&lock());
    return secrets();
}

QString KnownSecrets::redact(QString text)
{
    QReadLocker locker(&lock());
    for (const QString& secret : secrets())
        text.replace(secret, QStringLiteral("***"));
    return text;
}

void KnownSecrets::clear()
{
    QWriteLocker locker(&lock());
    secrets().clear();
}

} // namespace Ebb
