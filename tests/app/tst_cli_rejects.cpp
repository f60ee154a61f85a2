#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Ebb;

namespace {

struct Measured
{
    int exitCode = -1;
    qint64 peakKb = 0; // the kernel's account of the process's peak RSS (wait4)
    QByteArray out;
};

} // namespace

// `ebb-cli run` prints a sample of a run's rejects and counts them by rule: its memory must
// not grow with the number of rejects (it used to read every reject back to print 20).
class TestCliRejects : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    Measured measure(const QStringList& arguments)
    {
        const QString outPath = m_dir.filePath(QStringLiteral("cli.out"));
        QList<QByteArray> args{QByteArray(EBB_CLI_PATH)};
        for (const QString& a : arguments)
            args << a.toUtf8();
        std::vector<char*> argv;
        for (QByteArray& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const pid_t pid = fork();
        if (pid == 0) {
            const int out = open(outPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(out, STDOUT_FILENO);
            close(out);
            execv(argv[0], argv.data());
            _exit(127);
        }
        Measured result;
        int status = 0;
        rusage usage{};
        if (pid < 0 || wait4(pid, &status, 0, &usage) < 0)
            return result;
        result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        result.peakKb = usage.ru_maxrss;
        QFile out(outPath);
        if (out.open(QIODevice::ReadOnly))
            result.out = out.readAll();
        return result;
    }

    // A workspace whose sync rejects each of `rows` rows, each with a 2 KB value.
    QString rejectingWorkspace(int rows)
    {
        const QString folder = m_dir.filePath(QStringLiteral("ws%1").arg(rows));
        TestSupport::writeFile(folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "rejects"})");
        TestSupport::writeFile(
            folder, QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": "wh.sqlite"})");
        TestSupport::writeFile(folder, QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "out.jsonl", "format": "jsonl"})");
        TestSupport::writeFile(folder, QStringLiteral("syncs/s.json"),
            R"({"source": {"connection": "wh", "query": "SELECT id, v FROM t", "primaryKey": "id"},
            "destination": {"connection": "out"},
            "mappings": [{"source": "id", "target": "id"}, {"source": "v", "target": "v", "transforms": ["integer"]}]})");
        auto db = SqliteHandle::open(folder + QStringLiteral("/wh.sqlite"), SqliteHandle::Mode::ReadWriteCreate);
        if (!db
            || !db->exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
                                        "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < %1)"
                                        " INSERT INTO t SELECT i, 'x' || i || printf('%.2000c', 'y') FROM g;")
                             .arg(rows)))
            return {};
        QProcess trust;
        trust.start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), folder});
        trust.waitForFinished(60000);
        return folder;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The trust store lives in the user's data folder: a throw-away one for these runs.
        qputenv("HOME", m_dir.path().toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    }

    void memoryStaysFlatWhateverTheRejectCount()
    {
        const QString few = rejectingWorkspace(2000);
        const QString many = rejectingWorkspace(40000);
        QVERIFY(!few.isEmpty() && !many.isEmpty());
        const Measured small = measure({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), few});
        const Measured large = measure({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), many});
        QCOMPARE(small.exitCode, 3);
        QCOMPARE(large.exitCode, 3);
        // 38,000 more rejects of 2 KB: 80 MB of values read back, over 300 MB as QStrings.
        QVERIFY2(large.peakKb < small.peakKb + 40 * 1024,
            qPrintable(QStringLiteral("peak RSS %1 MB with 2,000 rejects, %2 MB with 40,000")
                           .arg(small.peakKb / 1024)
                           .arg(large.peakKb / 1024)));
        // The summary still counts every reject by rule, and shows one.
        QVERIFY2(large.out.contains("rejected 40000"), large.out.constData());
        QVERIFY2(large.out.contains("transform  40000     v       1  "), large.out.constData());
    }

    void jsonCarriesASampleOfTwenty()
    {
        const QString folder = rejectingWorkspace(50);
        const Measured run = measure(
            {QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), folder, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 3);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QStringLiteral("rejected")).toInteger(), 50);
        const QJsonArray sample = json.value(QStringLiteral("rejectSample")).toArray();
        QCOMPARE(sample.size(), 20);
        QCOMPARE(sample.first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("1"));
        QCOMPARE(sample.last().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("20"));
        QCOMPARE(sample.first().toObject().value(QStringLiteral("rule")).toString(), QStringLiteral("transform"));
        QVERIFY(sample.first()
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("integer: \"x1yyy")));
    }
};

QTEST_GUILESS_MAIN(TestCliRejects)
#include "tst_cli_rejects.moc"
