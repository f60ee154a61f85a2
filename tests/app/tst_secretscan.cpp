#include "app/logging/Log.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceWriter.h"
#include "connectors/secrets/CredentialStore.h"
#include "support/TestSupport.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <spdlog/spdlog.h>

using namespace Ebb;

// Saves a connection whose password lives in the keychain, uses it for real (connection
// test, preview, logging), then reads every file the workspace holds looking for the
// password. It must be nowhere.
class TestSecretScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretNeverReachesAFile()
    {
        EBB_REQUIRE_POSTGRES();
        const QString secret = TestSupport::postgresSettings().password;
        QVERIFY(secret.size() >= 8);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        Workspace workspace;
        workspace.root = dir.path();
        workspace.name = QStringLiteral("scan-") + QString::number(QCoreApplication::applicationPid());
        QVERIFY(WorkspaceWriter::saveManifest(workspace).ok());

        ConnectionSpec connection;
        connection.id = QStringLiteral("pg");
        connection.kind = QStringLiteral("postgres");
        connection.json = TestSupport::postgresConnectionJson(connection.id);
        connection.json.insert(QStringLiteral("password"), QStringLiteral("keychain"));
        const QString key = connection.keychainKey(QStringLiteral("password"));
        auto stored = CredentialStore::writeBlocking(key, secret);
        QVERIFY2(stored.ok(), qPrintable(stored ? QString() : stored.error().message));
        QVERIFY(WorkspaceWriter::saveConnection(workspace, connection).ok());

        // Writing the value itself into the file is refused.
        ConnectionSpec leaky = connection;
        leaky.id = QStringLiteral("leaky");
        leaky.json.insert(QStringLiteral("password"), secret);
        QVERIFY(!WorkspaceWriter::saveConnection(workspace, leaky).ok());

        TestSupport::writeFile(dir.path(), QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "o.jsonl", "format": "jsonl"})");
        TestSupport::writeFile(dir.path(), QStringLiteral("syncs/s.json"),
            R"({"source": {"connection": "pg", "query": "SELECT current_user AS who, 1 AS id", "primaryKey": "id"},
                                   "destination": {"connection": "out"}, "mappings": [{"source": "who", "target": "who"}]})");
        // A server that echoes what it was given: the error names the value the query cast.
        TestSupport::writeFile(dir.path(), QStringLiteral("syncs/echo.json"),
            QStringLiteral(
                R"({"source": {"connection": "pg", "query": "SELECT CAST('%1' AS integer) AS id", "primaryKey": "id"},
                                   "destination": {"connection": "out"}, "mappings": [{"source": "id", "target": "id"}]})")
                .arg(secret)
                .toUtf8());
        QVERIFY(WorkspaceLoader::load(dir.path()).ok());
        QProcess trust;
        trust.start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), dir.path()});
        QVERIFY(trust.waitForFinished(60000));
        QCOMPARE(trust.exitCode(), 0);

        // Use it: the CLI reads the password from the keychain, logs at debug level.
        for (const QStringList& args : {QStringList{"connections", "test", "-v"}, QStringList{"preview", "s", "-v"},
                 QStringList{"preview", "s", "--json"}, QStringList{"run", "s", "-v"}, QStringList{"runs", "--json"}}) {
            QProcess process;
            process.start(QStringLiteral(EBB_CLI_PATH), args + QStringList{QStringLiteral("-w"), dir.path()});
            QVERIFY(process.waitForFinished(60000));
            const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
            QVERIFY2(process.exitCode() == 0, output.constData());
            QVERIFY2(!output.contains(secret.toUtf8()), "the secret appeared on the console");
        }
        for (const QStringList& args : {QStringList{"run", "echo"}, QStringList{"run", "echo", "--json"},
                 QStringList{"preview", "echo", "--json"}, QStringList{"runs", "echo", "--json"}}) {
            QProcess process;
            process.start(QStringLiteral(EBB_CLI_PATH), args + QStringList{QStringLiteral("-w"), dir.path()});
            QVERIFY(process.waitForFinished(60000));
            const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
            QVERIFY2(!output.contains(secret.toUtf8()), output.constData());
            QVERIFY2(
                output.contains("invalid input syntax") || args.first() == QLatin1String("runs"), output.constData());
        }
        // And log the kind of lines that leak secrets in real programs.
        QVERIFY(Log::init({workspace.logDir(), false, true}).ok());
        spdlog::info("GET /crm/v3/objects/contacts Authorization: Bearer {}", secret.toStdString());
        spdlog::error("server rejected password {} for user ebb", secret.toStdString());
        qWarning("QNetworkReply: token=%s", qPrintable(secret));
        Log::shutdown();

        int scanned = 0;
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (file.fileName().endsWith(QLatin1String("syncs/echo.json")))
                continue; // the query that makes the server echo it
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(secret.toUtf8()),
                qPrintable(QStringLiteral("the secret is in %1").arg(file.fileName())));
            ++scanned;
        }
        QVERIFY2(scanned >= 7, "expected the workspace files, the journal, the output and the logs to be scanned");
        QVERIFY(QFile::exists(QDir(workspace.stateDir()).filePath(QStringLiteral("journal.sqlite"))));
        QVERIFY(QFile::exists(QDir(workspace.logDir()).filePath(QStringLiteral("runs/1.log"))));
        QFile log(QDir(workspace.logDir()).filePath(QStringLiteral("ebb.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray logText = log.readAll();
        QVERIFY(logText.contains("Authorization: ***"));
        QVERIFY(logText.contains("connection test pg: ok"));

        QVERIFY(CredentialStore::removeBlocking(key).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretScan)
#include "tst_secretscan.moc"
