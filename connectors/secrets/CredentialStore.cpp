#include "CredentialStore.h"

#include "KnownSecrets.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <memory>
#include <optional>
#include <qt6keychain/keychain.h>

namespace Ebb {

namespace {

Error keychainError(const QKeychain::Job& job, const QString& key)
{
    if (job.error() == QKeychain::EntryNotFound)
        return Error::secret(
            QStringLiteral("No secret is stored in the keychain for \"%1\". Enter it in the connection "
                           "editor, or set the field to \"env:VARNAME\".")
                .arg(key));
    // TOOLCHAIN.md: an unusable keychain answers OtherError or AccessDenied, never NoBackendAvailable.
    return Error::secret(QStringLiteral("The system keychain is not available (%1). Keep the secret in an environment "
                                        "variable and set the field to \"env:VARNAME\" instead; Ebb never stores "
                                        "secrets in plain text.")
                             .arg(job.errorString()));
}

template <typename Job, typename Callback, typename OnSuccess>
void startJob(Job* job, const QString& key, QObject* context, Callback done, OnSuccess onSuccess)
{
    job->setAutoDelete(true);
    job->setKey(key);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [done = std::move(done), onSuccess, key](QKeychain::Job* finished) {
            if (finished->error() != QKeychain::NoError)
                done(keychainError(*finished, key));
            else
                done(onSuccess(static_cast<Job*>(finished)));
        });
    job->start();
}

std::atomic_bool mainThreadServes = false;

// QtKeychain's jobs are driven from the thread that runs them, and on Linux its libsecret and
// D-Bus callbacks do not survive a job run on a worker thread of a process whose main thread
// runs an event loop (the window crashed testing a connection). There, a worker thread asks
// the main thread to run the job and waits for the answer.
template <typename T, typename Start> std::optional<Result<T>> onMainThread(Start start)
{
    if (!mainThreadServes || !QCoreApplication::instance()
        || QThread::currentThread() == QCoreApplication::instance()->thread())
        return std::nullopt;
    struct Answer
    {
        QMutex mutex;
        QWaitCondition ready;
        std::optional<Result<T>> result;
    };
    auto answer = std::make_shared<Answer>();
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [answer, start] {
            start(QCoreApplication::instance(), [answer](Result<T> r) {
                const QMutexLocker lock(&answer->mutex);
                answer->result.emplace(std::move(r));
                answer->ready.wakeAll();
            });
        },
        Qt::QueuedConnection);
    QMutexLocker lock(&answer->mutex);
    QDeadlineTimer deadline(60000);
    while (!answer->result && answer->ready.wait(&answer->mutex, deadline)) { }
    if (!answer->result)
        return Result<T>(Error::secret(QStringLiteral("The system keychain did not answer within 60 s.")));
    return std::move(answer->result);
}

template <typename T, typename Start> Result<T> blocking(Start start)
{
    if (auto served = onMainThread<T>(start))
        return std::move(*served);
    std::optional<Result<T>> result;
    QEventLoop loop;
    QObject context;
    start(&context, [&](Result<T> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

} // namespace

void CredentialStore::read(const QString& key, QObject* context, ReadCallback done)
{
    startJob(new QKeychain::ReadPasswordJob(service()), key, context, std::move(done),
        [](QKeychain::ReadPasswordJob* job) -> Result<QString> {
            KnownSecrets::add(job->textData());
            return job->textData();
        });
}

void CredentialStore::write(const QString& key, const QString& secret, QObject* context, DoneCallback done)
{
    KnownSecrets::add(secret);
    auto* job = new QKeychain::WritePasswordJob(service());
    job->setTextData(secret);
    startJob(job, key, context, std::move(done), [](QKeychain::WritePasswordJob*) { return Result<void>(); });
}

void CredentialStore::remove(const QString& key, QObject* context, DoneCallback done)
{
    startJob(new QKeychain::DeletePasswordJob(service()), key, context, std::move(done),
        [](QKeychain::DeletePasswordJob*) { return Result<void>(); });
}

void CredentialStore::serveFromMainThread()
{
    mainThreadServes = true;
}

// The jobs capture copies: one handed to the main thread may outlive a caller that gave up.
Result<QString> CredentialStore::readBlocking(const QString& key)
{
    return blocking<QString>([key](QObject* context, ReadCallback done) { read(key, context, std::move(done)); });
}

Result<void> CredentialStore::writeBlocking(const QString& key, const QString& secret)
{
    return blocking<void>(
        [key, secret](QObject* context, DoneCallback done) { write(key, secret, context, std::move(done)); });
}

Result<void> CredentialStore::removeBlocking(const QString& key)
{
    return blocking<void>([key](QObject* context, DoneCallback done) { remove(key, context, std::move(done)); });
}

} // namespace Ebb
