#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

namespace {

const int rows = 40000; // per sync: enough that the two runs overlap

QByteArray sync(const QByteArray& table)
{
    return R"({"source": {"connection": "wh", "query": "SELECT k FROM )" + table + R"(", "primaryKey": "k"},
               "destination": {"connection": "out"}, "mappings": [{"source": "k", "target": "k"}]})";
}

} // namespace

// Two syncs appending to one file, run at the same time by two ebb-cli processes (issue 10,
// item 2). Each run copies the file, adds its records and renames the copy into place; without
// a lock on the destination the last rename wins and the records of the other run, journalled as
// acknowledged, are lost for good. Every record of both syncs must be in the file.
class TestCliSharedFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_folder;

    QProcessEnvironment cliEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/data")));
        return env;
    }

    // Lines of out.jsonl that hold a key starting with `prefix`.
    int linesOf(const QByteArray& prefix)
    {
        QFile file(QDir(m_folder).filePath(QStringLiteral("out.jsonl")));
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        int count = 0;
        while (!file.atEnd())
            count += file.readLine().startsWith("{\"k\":\"" + prefix) ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_folder = m_dir.filePath(QStringLiteral("ws"));
        TestSupport::writeFile(m_folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "t"})");
        TestSupport::writeFile(
            m_folder, QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": "wh.sqlite"})");
        TestSupport::writeFile(m_folder, QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "out.jsonl", "format": "jsonl", "write": "append"})");
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/a.json"), sync("ta"));
        TestSupport::writeFile(m_folder, QStringLiteral("syncs/b.json"), sync("tb"));
        auto db = SqliteHandle::open(
            QDir(m_folder).filePath(QStringLiteral("wh.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(db.ok());
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE ta (k TEXT); CREATE TABLE tb (k TEXT);"
                                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1)"
                                        "  INSERT INTO ta SELECT printf('a%06d', i) FROM n;"
                                        "INSERT INTO tb SELECT 'b' || substr(k, 2) FROM ta;")
                             .arg(rows)));
        QProcess trust;
        trust.setProcessEnvironment(cliEnvironment());
        trust.start(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), m_folder});
        QVERIFY(trust.waitForFinished(60000) && trust.exitCode() == 0);
    }

    void bothSyncsRecordsArrive()
    {
        // Three rounds: the first creates the file, the others append to it; each round adds
        // one copy of each sync's records (--full resends them all).
        for (int round = 1; round <= 3; ++round) {
            QProcess a, b;
            for (QProcess* p : {&a, &b})
                p->setProcessEnvironment(cliEnvironment());
            const QStringList options{QStringLiteral("--full"), QStringLiteral("--workspace"), m_folder};
            a.start(QStringLiteral(EBB_CLI_PATH), QStringList{QStringLiteral("run"), QStringLiteral("a")} + options);
            b.start(QStringLiteral(EBB_CLI_PATH), QStringList{QStringLiteral("run"), QStringLiteral("b")} + options);
            QVERIFY(a.waitForFinished(120000) && b.waitForFinished(120000));
            QVERIFY2(a.exitCode() == 0, a.readAllStandardError().constData());
            QVERIFY2(b.exitCode() == 0, b.readAllStandardError().constData());
            QCOMPARE(linesOf("a"), round * rows);
            QCOMPARE(linesOf("b"), round * rows);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliSharedFile)
#include "tst_cli_sharedfile.moc"
