#include "app/Allocator.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace Ebb;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

// ebb-cli as scripts and cron see it: a separate process, its exit codes and messages.
class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    bool m_withoutRootOverride = false; // file permissions hold for ebb-cli even when the tests run as root

    Run cli(const QStringList& arguments, const QProcessEnvironment& extra = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.remove(QStringLiteral("COLUMNS")); // tables as for a pipe: whole lines, unless a test sets it
        for (const QString& key : extra.keys())
            env.insert(key, extra.value(key));
        process.setProcessEnvironment(env);
        if (m_withoutRootOverride && geteuid() == 0) // root writes anywhere unless it drops the capability
            process.start(QStringLiteral("setpriv"),
                QStringList{
                    QStringLiteral("--bounding-set=-dac_override,-dac_read_search"), QStringLiteral(EBB_CLI_PATH)}
                    + arguments);
        else
            process.start(QStringLiteral(EBB_CLI_PATH), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

    QString workspace(const QString& name, const QMap<QString, QByteArray>& files)
    {
        const QString folder = m_dir.filePath(name);
        TestSupport::writeFile(folder, QStringLiteral("ebb.json"), R"({"version": 1, "name": "t"})");
        for (auto it = files.begin(); it != files.end(); ++it)
            TestSupport::writeFile(folder, it.key(), it.value());
        cli({QStringLiteral("trust"), folder}); // as its user would, having read it (a broken one stays untrusted)
        return folder;
    }

    QString sqliteWorkspace(const QString& name, const QByteArray& query, const QByteArray& warehousePath)
    {
        return workspace(name,
            {{QStringLiteral("connections/wh.json"), R"({"kind": "sqlite", "path": ")" + warehousePath + R"("})"},
                {QStringLiteral("connections/out.json"), R"({"kind": "file", "path": "out.jsonl", "format": "jsonl"})"},
                {QStringLiteral("syncs/s.json"),
                    R"({"source": {"connection": "wh", "query": ")" + query + R"(", "primaryKey": "email"},
                                   "destination": {"connection": "out"}, "mappings": [{"source": "email", "target": "email"}]})"}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_dir.isValid());
        // Materialise the demo workspace once; its warehouse serves the other workspaces too.
        const Run run = cli({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("warehouse")});
        QCOMPARE(run.exitCode, 0);
    }

    void theEngineAllocatesThroughMimalloc()
    {
        // Linked with the engine, it replaces malloc for Qt and SQLite too; a linker that
        // dropped it as unused would cost a full run a fifth of its speed, silently.
        QVERIFY(Ebb::allocatorIsMimalloc());
        QVERIFY2(Ebb::allocatorName().startsWith(QLatin1String("mimalloc 2.")), qPrintable(Ebb::allocatorName()));
    }

    void helpFitsEightyColumns()
    {
        const Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const QString& line : help.out.split(QLatin1Char('\n')))
            QVERIFY2(line.size() <= 80, qPrintable(line));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected"); // in stdout or stderr

        QTest::newRow("help") << QStringList{"--help"} << 0 << "Usage: ebb-cli <command>";
        QTest::newRow("version") << QStringList{"--version"} << 0 << "ebb-cli " EBB_VERSION " (mimalloc 2.";
        QTest::newRow("no command") << QStringList{} << 2 << "Commands:";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
        QTest::newRow("unknown option") << QStringList{"preview", "--frobnicate"} << 2 << "Unknown option 'frobnicate'";
        QTest::newRow("connections without test") << QStringList{"connections"} << 2 << "takes the subcommand 'test'";
        QTest::newRow("bad limit") << QStringList{"preview", "customers-to-crm", "--limit", "many"} << 2
                                   << "--limit takes a positive whole number";
        QTest::newRow("unknown sync") << QStringList{"preview", "nope"} << 2 << "no sync \"nope\"";
        QTest::newRow("preview without sync") << QStringList{"preview"} << 2 << "preview takes one sync id";
        QTest::newRow("unknown connection")
            << QStringList{"connections", "test", "nope"} << 2 << "no connection \"nope\"";
        QTest::newRow("demo preview") << QStringList{"preview", "customers-to-crm", "--limit", "3"} << 0
                                      << "3 row(s) of sync \"customers-to-crm\"";
        QTest::newRow("demo connections") << QStringList{"connections", "test", "warehouse"} << 0 << "SQLite 3.";
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const Run run = cli(arguments);
        QVERIFY2(run.exitCode == exitCode,
            qPrintable(QStringLiteral("exit %1\n%2%3").arg(run.exitCode).arg(run.out, run.err)));
        QVERIFY2(run.out.contains(expected) || run.err.contains(expected), qPrintable(run.out + run.err));
    }

    void badWorkspaceIsExitTwoWithFileAndField()
    {
        const QString folder = workspace(QStringLiteral("bad"),
            {{QStringLiteral("connections/wh.json"), "{\n  \"kind\": \"sqlite\",\n  \"path\" \"x\"\n}"},
                {QStringLiteral("syncs/s.json"),
                    R"({"source": {"connection": "wh", "query": "SELECT 1", "primaryKey": "id"},
                                                                 "destination": {"connection": "wh", "mode": "merge"}, "mappings": []})"}});
        const Run run = cli({QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("--workspace"), folder});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("connections/wh.json:3:10: invalid JSON")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("syncs/s.json: $.destination.mode: \"merge\" is not a sync mode")),
            qPrintable(run.err));

        // Scripts that asked for JSON get one object either way.
        const Run json = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("--json"),
            QStringLiteral("--workspace"), folder});
        QCOMPARE(json.exitCode, 2);
        const QJsonObject error = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QVERIFY2(error.value(QStringLiteral("error")).toString().contains(QStringLiteral("connections/wh.json:3:10")),
            qPrintable(json.out));
        QCOMPARE(error.value(QStringLiteral("exitCode")).toInt(), 2);

        const Run none = cli({QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("--workspace"),
            m_dir.filePath(QStringLiteral("missing"))});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains(QStringLiteral("not an Ebb workspace (there is no ebb.json)")));
    }

    void previewJson()
    {
        const Run run = cli({QStringLiteral("preview"), QStringLiteral("customers-to-crm"), QStringLiteral("--limit"),
            QStringLiteral("7"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("sync")).toString(), QStringLiteral("customers-to-crm"));
        QCOMPARE(json.value(QStringLiteral("rows")).toArray().size(), 7);
        QVERIFY(json.value(QStringLiteral("more")).toBool());
        const QJsonArray columns = json.value(QStringLiteral("columns")).toArray();
        QCOMPARE(columns.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("email"));
        const QJsonObject first = json.value(QStringLiteral("rows")).toArray().at(0).toObject();
        QVERIFY(first.value(QStringLiteral("lifetime_value")).isString()); // exact decimal text, never a double
        QVERIFY(first.value(QStringLiteral("lead_score")).isDouble());
        QVERIFY(first.value(QStringLiteral("is_active")).isBool());
        // NULL keys sort first; their rejects show the key as null, not as an empty key.
        const QJsonObject change = json.value(QStringLiteral("changes")).toArray().at(0).toObject();
        QCOMPARE(change.value(QStringLiteral("change")).toString(), QStringLiteral("rejected"));
        QVERIFY2(change.value(QStringLiteral("key")).isNull(), qPrintable(run.out.left(2000)));
        // Payloads are the exact JSON a run sends (numbers as the warehouse gave them), not
        // re-encoded through doubles: compact, as the run writes it.
        QVERIFY2(run.out.contains(QStringLiteral("\"lifetime_value\":")), qPrintable(run.out.left(3000)));
    }

    void queryErrorIsExitOneWithTheDatabaseMessage()
    {
        const QString demo = m_home.filePath(QStringLiteral("data/ebb/demo/demo-warehouse.sqlite"));
        const QString folder = sqliteWorkspace(QStringLiteral("broken-query"), "SELECT email FROM nope", demo.toUtf8());
        const Run run = cli({QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("-w"), folder});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("connection \"wh\": no such table: nope")), qPrintable(run.err));
    }

    void failingConnectionIsExitOne()
    {
        const QString folder = sqliteWorkspace(QStringLiteral("missing-db"), "SELECT 1 AS email", "nowhere.sqlite");
        const Run run = cli({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("-w"), folder});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QStringLiteral("failed"))
                && run.out.contains(QStringLiteral("nowhere.sqlite: no such database file")),
            qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("writable"))); // the file destination still reports
    }

    // A workspace whose .ebb/ cannot be written (checked out read-only, another user's, .ebb
    // or its log not what they should be): the history still reads, with a warning that nothing
    // is logged to the file; a run, which must record its state there, stops with exit 1.
    void unwritableStateDir_data()
    {
        QTest::addColumn<QString>("breakage");
        QTest::newRow("read-only workspace") << QStringLiteral("read-only");
        QTest::newRow("ebb.log is a folder") << QStringLiteral("log-folder");
        QTest::newRow(".ebb/logs is a file") << QStringLiteral("logs-file");
    }

    void unwritableStateDir()
    {
        QFETCH(QString, breakage);
        const QString demo = m_home.filePath(QStringLiteral("data/ebb/demo/demo-warehouse.sqlite"));
        const QString folder
            = sqliteWorkspace(QStringLiteral("state-") + breakage, "SELECT email FROM customers", demo.toUtf8());
        const Run first = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), folder});
        QVERIFY2(first.exitCode == 0 || first.exitCode == 3, qPrintable(first.out + first.err));
        const QString logs = folder + QStringLiteral("/.ebb/logs");
        if (breakage == QLatin1String("read-only")) {
            QVERIFY(
                QProcess::execute(QStringLiteral("chmod"), {QStringLiteral("-R"), QStringLiteral("a-w"), folder}) == 0);
            m_withoutRootOverride = true;
        } else if (breakage == QLatin1String("log-folder")) {
            QVERIFY(
                QFile::remove(logs + QStringLiteral("/ebb.log")) && QDir().mkpath(logs + QStringLiteral("/ebb.log")));
        } else {
            QVERIFY(QDir(logs).removeRecursively());
            TestSupport::writeFile(folder, QStringLiteral(".ebb/logs"), "not a folder");
        }
        const auto restore = qScopeGuard([&] {
            m_withoutRootOverride = false;
            QProcess::execute(QStringLiteral("chmod"), {QStringLiteral("-R"), QStringLiteral("u+w"), folder});
        });

        const Run runs = cli({QStringLiteral("runs"), QStringLiteral("-w"), folder, QStringLiteral("--json")});
        QVERIFY2(runs.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(runs.exitCode).arg(runs.err)));
        QCOMPARE(QJsonDocument::fromJson(runs.out.toUtf8()).object().value(QStringLiteral("runs")).toArray().size(), 1);
        QVERIFY2(runs.err.contains(QStringLiteral("warning: ")) && runs.err.contains(logs), qPrintable(runs.err));
        const Run rejects = cli({QStringLiteral("rejects"), QStringLiteral("s"), QStringLiteral("-w"), folder});
        QVERIFY2(rejects.exitCode == 0, qPrintable(rejects.err));
        const Run preview = cli({QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("--limit"),
            QStringLiteral("2"), QStringLiteral("-w"), folder});
        QVERIFY2(preview.exitCode == 0 && preview.out.contains(QStringLiteral("2 row(s)")),
            qPrintable(preview.out + preview.err));

        const Run run
            = cli({QStringLiteral("run"), QStringLiteral("s"), QStringLiteral("-w"), folder, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.err.contains(QStringLiteral("a run records its state in ") + folder + QStringLiteral("/.ebb")),
            qPrintable(run.err));
        QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("exitCode")).toInt(), 1);
    }

    void fileConnectionOnAFolderFails()
    {
        // out.jsonl is a folder: a run could never replace it with a file.
        const QString folder = sqliteWorkspace(QStringLiteral("folder-out"), "SELECT 1 AS email", "nowhere.sqlite");
        QVERIFY(QDir(folder).mkpath(QStringLiteral("out.jsonl")));
        const Run run = cli({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("out"),
            QStringLiteral("-w"), folder});
        QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("failed"))
                && run.out.contains(folder + QStringLiteral("/out.jsonl: is a folder")),
            qPrintable(run.out));
        QVERIFY2(!run.out.contains(QStringLiteral("writable")), qPrintable(run.out));
    }

    void missingEnvironmentSecretIsExitTwo()
    {
        const QString folder = workspace(QStringLiteral("pg-env"),
            {{QStringLiteral("connections/pg.json"),
                 R"({"kind": "postgres", "host": "127.0.0.1", "port": 1, "database": "x", "user": "x", "password": "env:EBB_NOT_SET_ANYWHERE"})"},
                {QStringLiteral("connections/out.json"), R"({"kind": "file", "path": "o.jsonl", "format": "jsonl"})"},
                {QStringLiteral("syncs/s.json"),
                    R"({"source": {"connection": "pg", "query": "SELECT 1", "primaryKey": "id"}, "destination": {"connection": "out"}, "mappings": [{"source": "email", "target": "email"}]})"}});
        const Run run = cli({QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("-w"), folder});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(
                     QStringLiteral("refers to the environment variable EBB_NOT_SET_ANYWHERE, which is not set")),
            qPrintable(run.err));
    }

    void runRunsAndRejects()
    {
        // The demo sync through the CLI: rejects make it exit 3; a second run changes nothing.
        const QString demo = m_home.filePath(QStringLiteral("data/ebb/demo"));
        const Run dry = cli({QStringLiteral("run"), QStringLiteral("customers-to-crm"), QStringLiteral("--dry-run"),
            QStringLiteral("--json"), QStringLiteral("-w"), demo});
        QCOMPARE(dry.exitCode, 3);
        const QJsonObject dryJson = QJsonDocument::fromJson(dry.out.toUtf8()).object();
        QVERIFY(dryJson.value(QStringLiteral("dryRun")).toBool());
        QCOMPARE(dryJson.value(QStringLiteral("sent")).toInt(), 0);
        QCOMPARE(dryJson.value(QStringLiteral("added")).toInt(), 5071);

        const Run first = cli({QStringLiteral("run"), QStringLiteral("customers-to-crm"), QStringLiteral("--json"),
            QStringLiteral("-w"), demo});
        QVERIFY2(first.exitCode == 3, qPrintable(first.out + first.err));
        const QJsonObject json = QJsonDocument::fromJson(first.out.toUtf8()).object();
        for (const char* key : {"queried", "added", "changed", "removed", "unchanged", "rejected", "failed"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json.value(QStringLiteral("queried")).toInt(), 5213);
        QCOMPARE(json.value(QStringLiteral("sent")).toInt(), 5071);
        QCOMPARE(json.value(QStringLiteral("rejected")).toInt(), 142);
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));

        const Run second = cli({QStringLiteral("run"), QStringLiteral("customers-to-crm"), QStringLiteral("-w"), demo});
        QVERIFY2(second.out.contains(QStringLiteral("added 0 · changed 0 · removed 0 · unchanged 5071")),
            qPrintable(second.out));
        QVERIFY(second.out.contains(QStringLiteral("Problems, by rule")));
        // The per-rule table counts problems; the summary counts rows: the difference is said.
        QVERIFY2(
            second.out.contains(QStringLiteral("149 problems in 142 rejected rows: a row may break several rules.")),
            qPrintable(second.out));

        const Run runs = cli({QStringLiteral("runs"), QStringLiteral("customers-to-crm"), QStringLiteral("--json"),
            QStringLiteral("-w"), demo});
        QCOMPARE(runs.exitCode, 0);
        const QJsonArray listedRuns
            = QJsonDocument::fromJson(runs.out.toUtf8()).object().value(QStringLiteral("runs")).toArray();
        QCOMPARE(listedRuns.size(), 3);
        // A run's start and its seconds read the same in its report and in the history.
        const QJsonObject firstListed = listedRuns.at(1).toObject(); // newest first
        QCOMPARE(
            firstListed.value(QStringLiteral("runId")).toInteger(), json.value(QStringLiteral("runId")).toInteger());
        QVERIFY(json.value(QStringLiteral("runId")).toInteger() > 0);
        QCOMPARE(firstListed.value(QStringLiteral("startedAt")).toString(),
            json.value(QStringLiteral("startedAt")).toString());
        QCOMPARE(
            firstListed.value(QStringLiteral("seconds")).toDouble(), json.value(QStringLiteral("seconds")).toDouble());

        const Run rejects = cli({QStringLiteral("rejects"), QStringLiteral("customers-to-crm"),
            QStringLiteral("--json"), QStringLiteral("-w"), demo});
        QCOMPARE(rejects.exitCode, 0);
        const QJsonArray list
            = QJsonDocument::fromJson(rejects.out.toUtf8()).object().value(QStringLiteral("rejects")).toArray();
        QVERIFY(list.size() >= 142);
        const QJsonObject listing = QJsonDocument::fromJson(rejects.out.toUtf8()).object();
        QCOMPARE(listing.value(QStringLiteral("run")).toInt(), 3); // the newest run, said
        QCOMPARE(listing.value(QStringLiteral("rejectedRows")).toInt(), 142);
        QStringList rules;
        for (const QJsonValue& r : list)
            rules << r.toObject().value(QStringLiteral("rule")).toString();
        for (const char* rule : {"email", "option", "max_length", "transform", "duplicate_key", "range", "null_key"})
            QVERIFY2(rules.contains(QLatin1String(rule)), rule);
        // As text: the problems against the run's rejected rows (a row may break several
        // rules), and each message whole, at the end of its line.
        const Run listed = cli({QStringLiteral("rejects"), QStringLiteral("customers-to-crm"),
            QStringLiteral("--limit"), QStringLiteral("1000"), QStringLiteral("-w"), demo});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.startsWith(QStringLiteral("Run 3 of customers-to-crm, started ")),
            qPrintable(listed.out.left(200)));
        QVERIFY2(listed.out.contains(QStringLiteral("%1 problem(s) in the run's 142 rejected row(s)").arg(list.size())),
            qPrintable(listed.out.right(300)));
        // Rows without a key read the same: one line counts them.
        qsizetype nullKeys = 0;
        for (const QJsonValue& r : list)
            nullKeys += r.toObject().value(QStringLiteral("rule")).toString() == QLatin1String("null_key");
        QVERIFY(nullKeys > 1);
        QCOMPARE(listed.out.count(QStringLiteral("the primary key is NULL")), 1);
        QVERIFY2(listed.out.contains(QStringLiteral("the primary key is NULL (%1 rows)\n").arg(nullKeys)),
            qPrintable(listed.out.left(600)));
        for (const QJsonValue& r : list) {
            const QString message = r.toObject().value(QStringLiteral("message")).toString();
            const QString rule = r.toObject().value(QStringLiteral("rule")).toString();
            // A repeated key's rows read the same too: one line, whose message counts them itself
            // ("2 rows share the primary key …"), once.
            if (rule == QLatin1String("duplicate_key")) {
                QVERIFY(message.startsWith(QStringLiteral("2 rows share the primary key")));
                QCOMPARE(listed.out.count(message), 1);
            }
            if (rule != QLatin1String("null_key"))
                QVERIFY2(listed.out.contains(message + QLatin1Char('\n')), qPrintable(message));
        }
        // In an 80-column terminal each message goes, whole, under its row, and no line is longer.
        QProcessEnvironment narrow;
        narrow.insert(QStringLiteral("COLUMNS"), QStringLiteral("80"));
        const Run narrowed
            = cli({QStringLiteral("rejects"), QStringLiteral("customers-to-crm"), QStringLiteral("-w"), demo}, narrow);
        QCOMPARE(narrowed.exitCode, 0);
        const QStringList lines = narrowed.out.split(QLatin1Char('\n'));
        for (const QString& line : lines)
            QVERIFY2(line.size() <= 80, qPrintable(line));
        QVERIFY2(lines.contains(QStringLiteral("    the primary key is NULL (%1 rows)").arg(nullKeys)),
            qPrintable(narrowed.out.left(600)));
        // A value whose spaces at the ends are the problem shows them, quoted ("PRO " is not "PRO").
        QVERIFY2(listed.out.contains(QStringLiteral("  \"PRO \"  ")), qPrintable(listed.out));

        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("nope"), QStringLiteral("-w"), demo}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("rejects"), QStringLiteral("customers-to-crm"), QStringLiteral("--run"),
                         QStringLiteral("x"), QStringLiteral("-w"), demo})
                     .exitCode,
            2);
        const Run noSuchRun = cli({QStringLiteral("rejects"), QStringLiteral("customers-to-crm"),
            QStringLiteral("--run"), QStringLiteral("999"), QStringLiteral("-w"), demo});
        QCOMPARE(noSuchRun.exitCode, 2);
        QVERIFY2(noSuchRun.err.contains(QStringLiteral("--run 999: there is no such run")), qPrintable(noSuchRun.err));
        const Run otherSync = cli({QStringLiteral("rejects"), QStringLiteral("accounts-export"),
            QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("-w"), demo});
        QCOMPARE(otherSync.exitCode, 2);
        QVERIFY2(otherSync.err.contains(
                     QStringLiteral("--run 1: that run belongs to sync \"customers-to-crm\", not \"accounts-export\"")),
            qPrintable(otherSync.err));
        const Run table = cli({QStringLiteral("runs"), QStringLiteral("customers-to-crm"), QStringLiteral("-w"), demo});
        QVERIFY2(table.out.contains(QStringLiteral("SENT")), qPrintable(table.out));

        // A dry run is now the newest: its rejects are listed, and where the real run's are is said.
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("customers-to-crm"), QStringLiteral("--dry-run"),
                         QStringLiteral("-w"), demo})
                     .exitCode,
            3);
        const Run afterDry
            = cli({QStringLiteral("rejects"), QStringLiteral("customers-to-crm"), QStringLiteral("-w"), demo});
        QVERIFY2(afterDry.out.startsWith(QStringLiteral("Run 4 of customers-to-crm (dry run), started ")),
            qPrintable(afterDry.out.left(300)));
        QVERIFY2(afterDry.out.contains(QStringLiteral(
                     "(The latest run that sent is run 3: ebb-cli rejects customers-to-crm --run 3 lists "
                     "its own.)")),
            qPrintable(afterDry.out.left(300)));
    }

    void postgresPreview()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("DROP TABLE IF EXISTS cli_scores; CREATE TABLE cli_scores (email "
                                                     "text PRIMARY KEY, ltv numeric(20,2), seen timestamptz);"
                                                     "INSERT INTO cli_scores VALUES ('a@x.io', 123456789012345678.91, "
                                                     "'2024-01-02 03:04:05+01'), ('b@x.io', NULL, NULL)")));
        const QString folder = workspace(QStringLiteral("pg"),
            {{QStringLiteral("connections/pg.json"),
                 QJsonDocument(TestSupport::postgresConnectionJson(QStringLiteral("pg"))).toJson()},
                {QStringLiteral("connections/out.json"), R"({"kind": "file", "path": "o.jsonl", "format": "jsonl"})"},
                {QStringLiteral("syncs/s.json"),
                    R"({"source": {"connection": "pg", "query": "SELECT * FROM cli_scores ORDER BY email", "primaryKey": "email"}, "destination": {"connection": "out"}, "mappings": [{"source": "email", "target": "email"}]})"}});
        const Run run = cli(
            {QStringLiteral("preview"), QStringLiteral("s"), QStringLiteral("-w"), folder, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonArray rows
            = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(
            rows.at(0).toObject().value(QStringLiteral("ltv")).toString(), QStringLiteral("123456789012345678.91"));
        QCOMPARE(
            rows.at(0).toObject().value(QStringLiteral("seen")).toString(), QStringLiteral("2024-01-02T02:04:05.000Z"));
        QVERIFY(rows.at(1).toObject().value(QStringLiteral("ltv")).isNull());

        const Run test = cli({QStringLiteral("connections"), QStringLiteral("test"), QStringLiteral("pg"),
            QStringLiteral("-w"), folder});
        QCOMPARE(test.exitCode, 0);
        QVERIFY(test.out.contains(QStringLiteral("PostgreSQL 15")));

        // The tables one may write to, then one table's fields.
        const Run tables = cli({QStringLiteral("schema"), QStringLiteral("pg"), QStringLiteral("-w"), folder});
        QVERIFY2(
            tables.exitCode == 0 && tables.out.split(QLatin1Char('\n')).contains(QStringLiteral("public.cli_scores")),
            qPrintable(tables.out + tables.err));
        const Run table = cli({QStringLiteral("schema"), QStringLiteral("pg"), QStringLiteral("public.cli_scores"),
            QStringLiteral("--json"), QStringLiteral("-w"), folder});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        const QJsonArray fields
            = QJsonDocument::fromJson(table.out.toUtf8()).object().value(QStringLiteral("fields")).toArray();
        QCOMPARE(fields.size(), 3);
        QCOMPARE(fields.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("email"));
        QVERIFY(fields.at(0).toObject().value(QStringLiteral("identifier")).toBool());
        QCOMPARE(fields.at(1).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("number"));
    }

    void postgresSchemaRules()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP TABLE IF EXISTS cli_rules; DROP TYPE IF EXISTS cli_tier; CREATE TYPE cli_tier AS ENUM ('free', "
            "'pro');"
            "DROP SCHEMA IF EXISTS cli_other CASCADE; CREATE SCHEMA cli_other; CREATE TYPE cli_other.cli_tier AS ENUM "
            "('gold');"
            "CREATE TABLE cli_rules (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ref int UNIQUE DEFERRABLE, code "
            "text UNIQUE,"
            "  status varchar(10) CHECK (status IN ('new', 'open', 'closed')), n int CHECK (n IN (1, 2, 3)),"
            "  low int CHECK (low BETWEEN -10 AND 10), ratio numeric CHECK (ratio BETWEEN -1.5 AND 2.5),"
            "  total numeric GENERATED ALWAYS AS (ratio * 100) STORED, tier cli_tier, a int, b int, CHECK (a >= 0 AND "
            "b <= 10),"
            "  due date CHECK (due IN ('2026-01-01', '2026-07-01')))")));
        const QString folder = workspace(QStringLiteral("pgrules"),
            {{QStringLiteral("connections/pg.json"),
                QJsonDocument(TestSupport::postgresConnectionJson(QStringLiteral("pg"))).toJson()}});
        const Run run = cli({QStringLiteral("schema"), QStringLiteral("pg"), QStringLiteral("public.cli_rules"),
            QStringLiteral("--json"), QStringLiteral("-w"), folder});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QMap<QString, QJsonObject> f;
        for (const QJsonValue& v :
            QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("fields")).toArray())
            f.insert(v.toObject().value(QStringLiteral("name")).toString(), v.toObject());
        QVERIFY(f[QStringLiteral("id")].value(QStringLiteral("readOnly")).toBool());
        QVERIFY(!f[QStringLiteral("id")].value(QStringLiteral("required")).toBool());
        QVERIFY(f[QStringLiteral("total")].value(QStringLiteral("readOnly")).toBool());
        QVERIFY(f[QStringLiteral("code")].value(QStringLiteral("identifier")).toBool());
        QVERIFY(!f[QStringLiteral("ref")]
                     .value(QStringLiteral("identifier"))
                     .toBool()); // ON CONFLICT cannot use a deferrable one
        QCOMPARE(f[QStringLiteral("status")].value(QStringLiteral("options")).toArray(),
            (QJsonArray{QStringLiteral("new"), QStringLiteral("open"), QStringLiteral("closed")}));
        QCOMPARE(f[QStringLiteral("n")].value(QStringLiteral("type")).toString(), QStringLiteral("integer"));
        QCOMPARE(f[QStringLiteral("n")].value(QStringLiteral("options")).toArray(),
            (QJsonArray{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
        QCOMPARE(f[QStringLiteral("low")].value(QStringLiteral("minimum")).toDouble(), -10.0);
        QCOMPARE(f[QStringLiteral("ratio")].value(QStringLiteral("maximum")).toDouble(), 2.5);
        QCOMPARE(f[QStringLiteral("tier")].value(QStringLiteral("options")).toArray(),
            (QJsonArray{QStringLiteral("free"), QStringLiteral("pro")}));
        QCOMPARE(f[QStringLiteral("due")].value(QStringLiteral("type")).toString(),
            QStringLiteral("date")); // not a text list
        QVERIFY(!f[QStringLiteral("due")].contains(QStringLiteral("options")));
        // Two columns in one CHECK are no range of either: `a` keeps its type's range.
        QCOMPARE(f[QStringLiteral("a")].value(QStringLiteral("minimum")).toDouble(), -2147483648.0);
        QCOMPARE(f[QStringLiteral("a")].value(QStringLiteral("maximum")).toDouble(), 2147483647.0);
        TestSupport::execPostgres(
            QStringLiteral("DROP TABLE cli_rules; DROP TYPE cli_tier; DROP SCHEMA cli_other CASCADE"));
    }

    void schemaListsAndDescribes()
    {
        const QString demo = m_home.filePath(QStringLiteral("data/ebb/demo"));
        const Run objects = cli(
            {QStringLiteral("schema"), QStringLiteral("crm"), QStringLiteral("--json"), QStringLiteral("-w"), demo});
        QVERIFY2(objects.exitCode == 0, qPrintable(objects.err));
        QCOMPARE(QJsonDocument::fromJson(objects.out.toUtf8()).object().value(QStringLiteral("objects")).toArray(),
            QJsonArray{QStringLiteral("contacts")});

        const Run contacts = cli({QStringLiteral("schema"), QStringLiteral("crm"), QStringLiteral("contacts"),
            QStringLiteral("--json"), QStringLiteral("-w"), demo});
        QVERIFY2(contacts.exitCode == 0, qPrintable(contacts.err));
        const QJsonObject schema = QJsonDocument::fromJson(contacts.out.toUtf8()).object();
        QMap<QString, QJsonObject> byName;
        for (const QJsonValue& f : schema.value(QStringLiteral("fields")).toArray())
            byName.insert(f.toObject().value(QStringLiteral("name")).toString(), f.toObject());
        QCOMPARE(byName[QStringLiteral("email")].value(QStringLiteral("type")).toString(), QStringLiteral("email"));
        QVERIFY(byName[QStringLiteral("email")].value(QStringLiteral("required")).toBool());
        QCOMPARE(byName[QStringLiteral("plan")].value(QStringLiteral("options")).toArray().size(), 4);
        QCOMPARE(byName[QStringLiteral("lead_score")].value(QStringLiteral("maximum")).toDouble(), 100.0);
        QCOMPARE(byName[QStringLiteral("last_name")].value(QStringLiteral("maxLength")).toInt(), 80);

        const Run file = cli({QStringLiteral("schema"), QStringLiteral("export"), QStringLiteral("-w"), demo});
        QVERIFY2(file.exitCode == 0 && file.out.contains(QStringLiteral("It takes any field")),
            qPrintable(file.out + file.err));
        const Run missing = cli(
            {QStringLiteral("schema"), QStringLiteral("crm"), QStringLiteral("nosuch"), QStringLiteral("-w"), demo});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("connection \"crm\": "))
                && missing.err.contains(QStringLiteral("has no table \"nosuch\"")),
            qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
