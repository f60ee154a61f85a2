#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <sys/stat.h>
#include <vector>

using namespace Ebb;

// The trust boundary as a user (or an attacker with a workspace of their own) meets it through
// ebb-cli: untrusted workspaces connect nowhere, destinations stay inside the workspace, .ebb
// is private and never followed through a link, and nothing in a sync file forges a log line.
class TestTrust : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QTemporaryDir m_config;
    int m_count = 0;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run cli(const QStringList& arguments, const QString& shellPrefix = QString())
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.path());
        process.setProcessEnvironment(env);
        if (shellPrefix.isEmpty()) {
            process.start(QStringLiteral(EBB_CLI_PATH), arguments);
        } else {
            QStringList quoted;
            for (const QString& a : arguments)
                quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
            process.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"),
                    shellPrefix + QStringLiteral("; exec '") + QStringLiteral(EBB_CLI_PATH) + QStringLiteral("' ")
                        + quoted.join(QLatin1Char(' '))});
        }
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

    // A workspace with a SQLite warehouse and a JSONL file destination at `outPath`.
    QString workspace(const QByteArray& outPath, const QByteArray& query = "SELECT email FROM people")
    {
        const QString folder = m_dir.filePath(QStringLiteral("ws%1").arg(++m_count));
        TestSupport::writeFile(folder, QStringLiteral("ebb.json"), "{\"version\": 1, \"name\": \"t\"}");
        TestSupport::writeFile(
            folder, QStringLiteral("connections/wh.json"), "{\"kind\": \"sqlite\", \"path\": \"wh.sqlite\"}");
        TestSupport::writeFile(folder, QStringLiteral("connections/out.json"),
            "{\"kind\": \"file\", \"format\": \"jsonl\", \"path\": \"" + outPath + "\"}");
        TestSupport::writeFile(folder, QStringLiteral("syncs/s.json"),
            "{\"source\": {\"connection\": \"wh\", \"query\": \"" + query
                + "\", \"primaryKey\": \"email\"},\n"
                  "                \"destination\": {\"connection\": \"out\"}, \"mappings\": [{\"source\": \"email\", "
                  "\"target\": \"email\"}]}");
        auto db = SqliteHandle::open(
            QDir(folder).filePath(QStringLiteral("wh.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        if (!db
            || !db->exec(
                QStringLiteral("CREATE TABLE people (email TEXT); INSERT INTO people VALUES ('a@x.io'), ('b@x.io');")))
            return QString();
        return folder;
    }

    static int mode(const QString& path)
    {
        struct stat st
        {
        };
        return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid() && m_config.isValid()); }

    void untrustedWorkspaceConnectsNowhere()
    {
        const QString ws = workspace("out.jsonl");
        for (const QStringList& command : {QStringList{"preview", "s"}, QStringList{"run", "s"},
                 QStringList{"connections", "test"}, QStringList{"schema", "out"}, QStringList{"schedule"}}) {
            const Run run = cli(command + QStringList{QStringLiteral("-w"), ws});
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.err.contains(QStringLiteral("is not trusted"))
                    && run.err.contains(QStringLiteral("ebb-cli trust ")),
                qPrintable(run.err));
        }
        QVERIFY(!QFile::exists(QDir(ws).filePath(QStringLiteral("out.jsonl"))));
        QCOMPARE(cli({QStringLiteral("runs"), QStringLiteral("-w"), ws}).exitCode, 0); // history reads only the journal

        const Run trust = cli({QStringLiteral("trust"), ws});
        QCOMPARE(trust.exitCode, 0);
        QVERIFY2(
            trust.out.contains(QStringLiteral("wh (sqlite) → ")) && trust.out.contains(QStringLiteral("out (file) → ")),
            qPrintable(trust.out));
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws}).exitCode, 0);
        QVERIFY(QFile::exists(QDir(ws).filePath(QStringLiteral("out.jsonl"))));

        // A changed connection file needs trust again.
        TestSupport::writeFile(ws, QStringLiteral("connections/out.json"),
            "{\"kind\": \"file\", \"format\": \"jsonl\", \"path\": \"other.jsonl\"}");
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws}).exitCode, 2);
        QVERIFY(!QFile::exists(QDir(ws).filePath(QStringLiteral("other.jsonl"))));
    }

    // Trusting is read, change, write of one store: eight processes trusting eight workspaces
    // at once must leave all eight trusted (without a lock, some wrote over the others).
    void concurrentTrustLosesNone()
    {
        QStringList folders;
        std::vector<std::unique_ptr<QProcess>> processes;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.path());
        for (int i = 0; i < 8; ++i) {
            folders << workspace("out.jsonl");
            processes.push_back(std::make_unique<QProcess>());
            processes.back()->setProcessEnvironment(env);
        }
        for (int i = 0; i < 8; ++i)
            processes[i]->start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), folders[i]});
        for (auto& process : processes) {
            QVERIFY(process->waitForFinished(60000));
            QCOMPARE(process->exitCode(), 0);
        }
        for (const QString& folder : folders)
            QCOMPARE(cli({QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("-w"), folder}).exitCode, 0);
    }

    void destinationsStayInsideTheWorkspace()
    {
        const QString outside = m_dir.filePath(QStringLiteral("outside"));
        QDir().mkpath(outside);
        TestSupport::writeFile(outside, QStringLiteral("victim.txt"), "precious\n");
        const QList<QByteArray> paths{
            "../outside/escape.jsonl", QFile::encodeName(outside) + "/abs.jsonl", "linked.jsonl", "linkdir/x.jsonl"};
        for (const QByteArray& path : paths) {
            const QString ws = workspace(path);
            QFile::link(QDir(outside).filePath(QStringLiteral("victim.txt")),
                QDir(ws).filePath(QStringLiteral("linked.jsonl")));
            QFile::link(outside, QDir(ws).filePath(QStringLiteral("linkdir")));
            QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
            const Run run = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws});
            QVERIFY2(run.exitCode == 2, qPrintable(path + ": " + run.err));
            QVERIFY2(run.err.contains(QStringLiteral("outside the workspace folder"))
                    || run.err.contains(QStringLiteral("symbolic link")),
                qPrintable(run.err));
        }
        QCOMPARE(QDir(outside).entryList(QDir::Files), QStringList{QStringLiteral("victim.txt")});
        QFile victim(QDir(outside).filePath(QStringLiteral("victim.txt")));
        QVERIFY(victim.open(QIODevice::ReadOnly));
        QCOMPARE(victim.readAll(), QByteArray("precious\n"));

        // The user (not the workspace) may allow a folder outside.
        TestSupport::writeFile(m_config.path(), QStringLiteral("ebb/config.json"),
            "{\"allowPaths\": [\"" + QFile::encodeName(outside) + "\"]}");
        const QString ws = workspace(QFile::encodeName(outside) + "/allowed.jsonl");
        QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
        const Run allowed = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws});
        QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.err));
        QVERIFY(QFile::exists(QDir(outside).filePath(QStringLiteral("allowed.jsonl"))));
        QFile::remove(QDir(m_config.path()).filePath(QStringLiteral("ebb/config.json")));
    }

    void stateIsPrivateWhateverTheUmask()
    {
        const QString ws = workspace("out.jsonl");
        QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
        QCOMPARE(
            cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws}, QStringLiteral("umask 000"))
                .exitCode,
            0);
        const QString state = QDir(ws).filePath(QStringLiteral(".ebb"));
        QCOMPARE(mode(state), 0700);
        QDirIterator it(state, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const bool folder = QFileInfo(path).isDir();
            QVERIFY2(mode(path) == (folder ? 0700 : 0600),
                qPrintable(QStringLiteral("%1 is %2").arg(path).arg(mode(path), 0, 8)));
            files += folder ? 0 : 1;
        }
        QVERIFY(files >= 3); // journal, ebb.log, the run's log, the lock
    }

    void linksInStateAreRefused()
    {
        const QString outside = m_dir.filePath(QStringLiteral("outside2"));
        QDir().mkpath(outside);
        TestSupport::writeFile(outside, QStringLiteral("target.txt"), "untouched\n");
        const QString target = QDir(outside).filePath(QStringLiteral("target.txt"));

        // A workspace from git with .ebb/logs/ebb.log pointing at a file of the user's.
        QString ws = workspace("out.jsonl");
        QDir().mkpath(QDir(ws).filePath(QStringLiteral(".ebb/logs")));
        QVERIFY(QFile::link(target, QDir(ws).filePath(QStringLiteral(".ebb/logs/ebb.log"))));
        QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
        (void)cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws});
        // ... and the journal pointing at it.
        ws = workspace("out.jsonl");
        QDir().mkpath(QDir(ws).filePath(QStringLiteral(".ebb")));
        QVERIFY(QFile::link(target, QDir(ws).filePath(QStringLiteral(".ebb/journal.sqlite"))));
        QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
        Run run = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws});
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains(QStringLiteral("symbolic link")), qPrintable(run.err));
        // ... and .ebb itself a link to a folder elsewhere.
        ws = workspace("out.jsonl");
        QVERIFY(QFile::link(outside, QDir(ws).filePath(QStringLiteral(".ebb"))));
        QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
        run = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws});
        QVERIFY(run.exitCode != 0);

        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("untouched\n"));
        QCOMPARE(QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
            QStringList{QStringLiteral("target.txt")});
    }

    // Text from a sync file or a warehouse cannot forge lines in a log someone follows.
    void logLinesCannotBeForged()
    {
        const QString ws
            = workspace("out.jsonl", "SELECT email FROM nope\\n2099-01-01T00:00:00.000+00:00 [error] forged line");
        QCOMPARE(cli({QStringLiteral("trust"), ws}).exitCode, 0);
        const Run run = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), ws});
        QVERIFY(run.exitCode != 0);
        static const QRegularExpression stamped(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T"));
        for (const QString& name : {QStringLiteral(".ebb/logs/ebb.log"), QStringLiteral(".ebb/logs/runs/1.log")}) {
            QFile log(QDir(ws).filePath(name));
            QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(name));
            const QStringList lines = QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY(!lines.isEmpty());
            for (const QString& line : lines) {
                QVERIFY2(stamped.match(line).hasMatch(), qPrintable(name + QStringLiteral(": ") + line));
                QVERIFY2(!line.startsWith(QStringLiteral("2099")), qPrintable(line));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTrust)
#include "tst_trust.moc"
