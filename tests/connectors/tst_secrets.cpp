#include "connectors/secrets/CredentialStore.h"
#include "connectors/secrets/KnownSecrets.h"
#include "connectors/secrets/SecretResolver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Ebb;

// Runs twice under CTest: inside a D-Bus session with an unlocked gnome-keyring
// (tst_secrets), and with no reachable bus (tst_secrets_nokeychain, EBB_EXPECT_NO_KEYCHAIN=1).
class TestSecrets : public QObject
{
    Q_OBJECT

    bool m_noKeychain = qEnvironmentVariableIsSet("EBB_EXPECT_NO_KEYCHAIN");
    QString m_key = QStringLiteral("ebb-test/") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    static ConnectionSpec connection(
        const QString& id, const QString& password, const QString& host = QStringLiteral("db.example"), int port = 5432)
    {
        ConnectionSpec c;
        c.id = id;
        c.kind = QStringLiteral("postgres");
        c.json = QJsonObject{{QStringLiteral("password"), password}, {QStringLiteral("host"), host},
            {QStringLiteral("port"), port}, {QStringLiteral("database"), QStringLiteral("analytics")},
            {QStringLiteral("user"), QStringLiteral("ebb")}};
        return c;
    }

    // Points XDG_CONFIG_HOME at a folder of its own holding `config` as ebb/config.json.
    static void userConfig(QTemporaryDir& dir, const QByteArray& config)
    {
        QDir().mkpath(dir.filePath(QStringLiteral("ebb")));
        QFile file(dir.filePath(QStringLiteral("ebb/config.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(config);
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(dir.path()));
    }

private Q_SLOTS:
    void asyncRoundTrip()
    {
        if (m_noKeychain)
            QSKIP("this run has no keychain; unavailableKeychainSaysWhatToDo covers it");
        QObject context;
        std::optional<Result<void>> written;
        CredentialStore::write(m_key, QStringLiteral("s3cr3t-ü-value"), &context, [&](Result<void> r) { written = r; });
        QVERIFY(!written); // the call returns at once; the answer comes through the event loop
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10000);
        QVERIFY2(written->ok(), qPrintable(written->ok() ? QString() : written->error().message));

        std::optional<Result<QString>> read;
        CredentialStore::read(m_key, &context, [&](Result<QString> r) { read = r; });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
        QVERIFY(read->ok());
        QCOMPARE(read->value(), QStringLiteral("s3cr3t-ü-value"));
        QVERIFY(KnownSecrets::all().contains(QStringLiteral("s3cr3t-ü-value")));

        QVERIFY(CredentialStore::writeBlocking(m_key, QStringLiteral("second")).ok());
        QCOMPARE(CredentialStore::readBlocking(m_key).value(), QStringLiteral("second"));

        std::optional<Result<void>> removed;
        CredentialStore::remove(m_key, &context, [&](Result<void> r) { removed = r; });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10000);
        QVERIFY(removed->ok());
        auto gone = CredentialStore::readBlocking(m_key);
        QVERIFY(!gone.ok());
        QVERIFY2(
            gone.error().message.contains(QStringLiteral("No secret is stored")), qPrintable(gone.error().message));
    }

    void callbackDiesWithItsContext()
    {
        if (m_noKeychain)
            QSKIP("needs a keychain");
        bool called = false;
        auto* context = new QObject;
        CredentialStore::read(m_key, context, [&](Result<QString>) { called = true; });
        delete context;
        // A later job on a live context finishing proves the first one had time to finish too.
        QVERIFY(!CredentialStore::readBlocking(m_key).ok());
        QTest::qWait(200);
        QVERIFY(!called);
    }

    void resolverReadsTheKeychain()
    {
        if (m_noKeychain)
            QSKIP("needs a keychain");
        const ConnectionSpec pg = connection(QStringLiteral("pg"), QStringLiteral("keychain"));
        QVERIFY(
            CredentialStore::writeBlocking(pg.keychainKey(QStringLiteral("password")), QStringLiteral("from-keychain"))
                .ok());
        auto value = SecretResolver::resolve(pg, QStringLiteral("password"));
        QVERIFY(value.ok());
        QCOMPARE(*value, QStringLiteral("from-keychain"));
        QVERIFY(CredentialStore::removeBlocking(pg.keychainKey(QStringLiteral("password"))).ok());
    }

    // A workspace that copies another's connection id (and workspace name) but points the
    // connection at its own host must not obtain the secret: the key is what it unlocks.
    void keychainSecretIsBoundToItsTarget()
    {
        if (m_noKeychain)
            QSKIP("needs a keychain");
        const ConnectionSpec victim = connection(QStringLiteral("warehouse"), QStringLiteral("keychain"));
        QCOMPARE(victim.keychainKey(QStringLiteral("password")),
            QStringLiteral("postgres://ebb@db.example:5432/analytics#password"));
        QVERIFY(CredentialStore::writeBlocking(
            victim.keychainKey(QStringLiteral("password")), QStringLiteral("victims-password"))
                    .ok());

        for (const ConnectionSpec& attacker :
            {connection(QStringLiteral("warehouse"), QStringLiteral("keychain"), QStringLiteral("evil.example")),
                connection(
                    QStringLiteral("warehouse"), QStringLiteral("keychain"), QStringLiteral("db.example"), 5433)}) {
            auto stolen = SecretResolver::resolve(attacker, QStringLiteral("password"));
            QVERIFY2(!stolen.ok(), qPrintable(attacker.secretTarget()));
            QVERIFY(stolen.error().message.contains(QStringLiteral("No secret is stored")));
        }
        // The same target, named differently, written differently: the same secret.
        auto same = SecretResolver::resolve(
            connection(QStringLiteral("other-id"), QStringLiteral("keychain"), QStringLiteral("DB.Example")),
            QStringLiteral("password"));
        QVERIFY(same.ok());
        QCOMPARE(*same, QStringLiteral("victims-password"));
        QVERIFY(CredentialStore::removeBlocking(victim.keychainKey(QStringLiteral("password"))).ok());

        ConnectionSpec hubspot;
        hubspot.kind = QStringLiteral("hubspot");
        hubspot.json = QJsonObject{{QStringLiteral("baseUrl"), QStringLiteral("https://API.hubapi.com/")}};
        QCOMPARE(
            hubspot.keychainKey(QStringLiteral("token")), QStringLiteral("hubspot https://api.hubapi.com:443#token"));
        hubspot.json = QJsonObject{{QStringLiteral("baseUrl"), QStringLiteral("https://api.hubapi.com.evil.example")}};
        QVERIFY(
            hubspot.keychainKey(QStringLiteral("token")) != QStringLiteral("hubspot https://api.hubapi.com:443#token"));
    }

    // env: reads EBB_* variables only, unless the user's own config allows more.
    void environmentIsLimitedToEbbVariables()
    {
        QTemporaryDir config;
        const QByteArray original = qgetenv("XDG_CONFIG_HOME");
        qputenv("GITHUB_TOKEN", "ghp_not-for-any-workspace");
        userConfig(config, "{}");
        auto refused = SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("env:GITHUB_TOKEN")), QStringLiteral("password"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("may only read variables named EBB_*")),
            qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QStringLiteral("allowEnv")));

        userConfig(config, R"({"allowEnv": ["GITHUB_*"]})");
        auto allowed = SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("env:GITHUB_TOKEN")), QStringLiteral("password"));
        QVERIFY(allowed.ok());
        QCOMPARE(*allowed, QStringLiteral("ghp_not-for-any-workspace"));

        userConfig(config, "not json"); // unreadable: the safe side
        QVERIFY(!SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("env:GITHUB_TOKEN")), QStringLiteral("password"))
                     .ok());
        qunsetenv("GITHUB_TOKEN");
        qputenv("XDG_CONFIG_HOME", original);
    }

    void unavailableKeychainSaysWhatToDo()
    {
        if (!m_noKeychain)
            QSKIP("the keychain is available in this run");
        auto written = CredentialStore::writeBlocking(m_key, QStringLiteral("never-stored-anywhere"));
        QVERIFY(!written.ok());
        QCOMPARE(written.error().category, Error::Category::Secret);
        QVERIFY2(written.error().message.contains(QStringLiteral("keychain is not available")),
            qPrintable(written.error().message));
        QVERIFY(written.error().message.contains(QStringLiteral("env:VARNAME")));

        auto resolved = SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("keychain")), QStringLiteral("password"));
        QVERIFY(!resolved.ok());
        QVERIFY(resolved.error().message.startsWith(
            QStringLiteral("connection \"pg\": The system keychain is not available")));
    }

    void environmentReferences()
    {
        qputenv("EBB_TEST_SECRET_VALUE", "from-the-environment");
        auto value = SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("env:EBB_TEST_SECRET_VALUE")), QStringLiteral("password"));
        QVERIFY(value.ok());
        QCOMPARE(*value, QStringLiteral("from-the-environment"));
        QVERIFY(KnownSecrets::redact(QStringLiteral("x from-the-environment y")) == QStringLiteral("x *** y"));

        qunsetenv("EBB_TEST_SECRET_VALUE");
        auto missing = SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("env:EBB_TEST_SECRET_VALUE")), QStringLiteral("password"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message,
            QStringLiteral("connection \"pg\": field \"password\" refers to the environment "
                           "variable EBB_TEST_SECRET_VALUE, which is not set"));

        auto plain = SecretResolver::resolve(
            connection(QStringLiteral("pg"), QStringLiteral("hunter2")), QStringLiteral("password"));
        QVERIFY(!plain.ok());
        QCOMPARE(plain.error().category, Error::Category::Config);

        ConnectionSpec none = connection(QStringLiteral("pg"), QString());
        none.json = {};
        QCOMPARE(SecretResolver::resolve(none, QStringLiteral("password")).value(), QString());
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
