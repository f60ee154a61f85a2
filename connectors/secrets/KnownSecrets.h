#pragma once

#include <QReadWriteLock>
#include <QString>
#include <QStringList>

namespace Ebb {

// Every secret value this process has resolved, so the log sinks can mask it wherever
// it shows up (a server echoing a token back in an error, say). Thread-safe.
class KnownSecrets
{
public:
    static void add(const QString& secret);
    static QStringList all();
    // Replaces every known secret in `text` with "***".
    static QString redact(QString text);
    static void clear(); // for tests
};

} // namespace Ebb
