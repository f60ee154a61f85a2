#include "KnownSecrets.h"

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
    QWriteLocker locker(&lock());
    if (!secrets().contains(secret)) {
        secrets().append(secret);
        // Longest first, so a secret that contains another is masked whole.
        std::sort(secrets().begin(), secrets().end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
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
