#include "CredentialStore.h"

#include "KnownSecrets.h"

#include <QEventLoop>
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

template <typename T, typename Start> Result<T> blocking(Start start)
{
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

Result<QString> CredentialStore::readBlocking(const QString& key)
{
    return blocking<QString>([&](QObject* context, ReadCallback done) { read(key, context, std::move(done)); });
}

Result<void> CredentialStore::writeBlocking(const QString& key, const QString& secret)
{
    return blocking<void>([&](QObject* context, DoneCallback done) { write(key, secret, context, std::move(done)); });
}

Result<void> CredentialStore::removeBlocking(const QString& key)
{
    return blocking<void>([&](QObject* context, DoneCallback done) { remove(key, context, std::move(done)); });
}

} // namespace Ebb
