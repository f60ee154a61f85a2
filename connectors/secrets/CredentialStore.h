#pragma once

#include "models/Result.h"

#include <QObject>
#include <QString>
#include <functional>

namespace Ebb {

// The OS keychain through QtKeychain's asynchronous jobs: nothing here blocks, so the
// GUI thread can call it. Service "ebb", key ConnectionSpec::keychainKey (what the secret unlocks).
// When no keychain is usable the error says how to use an "env:VAR" reference instead;
// there is deliberately no plain-text fallback.
class CredentialStore
{
public:
    using ReadCallback = std::function<void(Result<QString>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    static QString service() { return QStringLiteral("ebb"); }

    // `context` bounds the callback's life: if it is destroyed first, the callback never runs.
    static void read(const QString& key, QObject* context, ReadCallback done);
    static void write(const QString& key, const QString& secret, QObject* context, DoneCallback done);
    static void remove(const QString& key, QObject* context, DoneCallback done);

    // For worker threads and the CLI, never the GUI thread: runs the job in a local event loop,
    // or, after serveFromMainThread(), on the main thread while the worker waits (60 s at most).
    static Result<QString> readBlocking(const QString& key);
    static Result<void> writeBlocking(const QString& key, const QString& secret);
    static Result<void> removeBlocking(const QString& key);
    // For a process whose main thread runs an event loop (the window): the blocking calls of
    // worker threads run their jobs there. Never in the CLI, whose main thread may be the one waiting.
    static void serveFromMainThread();
};

} // namespace Ebb
